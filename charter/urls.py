from django.urls import path

from . import views

# Included under /projects/<slug>/.
urlpatterns = [
    path("charter/", views.charter, name="charter-index"),
    path("charter/generate/", views.charter_generate, name="charter-generate"),
    path("charter/preview/", views.charter_preview, name="charter-preview"),
    path("charter.pdf", views.charter_pdf, name="charter-pdf"),
    path("charter/v<int:version>.pdf", views.charter_pdf, name="charter-version-pdf"),
]
