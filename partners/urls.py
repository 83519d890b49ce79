from django.urls import path

from . import signing_views, views

urlpatterns = [
    path("", views.partner_list, name="partners-list"),
    path("add/", views.partner_create, name="partners-create"),
    path("send/", views.send_for_signature, name="partners-send"),
    path("<int:partner_id>/edit/", views.partner_update, name="partners-update"),
    path("<int:partner_id>/delete/", views.partner_delete, name="partners-delete"),
    path("<int:partner_id>/logo/", views.partner_logo, name="partners-logo"),
    path("<int:partner_id>/signatories/add/", views.signatory_add, name="partners-signatory-add"),
    path(
        "signatories/<int:signatory_id>/remove/",
        views.signatory_remove,
        name="partners-signatory-remove",
    ),
    path("sign/<int:signatory_id>/", signing_views.sign, name="partners-sign"),
    path("sign/<int:signatory_id>/decline/", signing_views.decline, name="partners-decline"),
]
