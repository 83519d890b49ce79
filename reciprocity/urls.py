from django.urls import path

from . import claim_views, views

# Included under /projects/<slug>/payments/.
urlpatterns = [
    path("", views.index, name="reciprocity-index"),
    path("policy/", views.policy_update, name="reciprocity-policy-update"),
    path("policy/preset/", views.preset, name="reciprocity-preset"),
    path("rates/new/", views.rate_create, name="reciprocity-rate-create"),
    path("rates/<int:rate_id>/delete/", views.rate_delete, name="reciprocity-rate-delete"),
    path("me/", claim_views.mine, name="reciprocity-mine"),
    path("me/choice/", views.my_choice, name="reciprocity-my-choice"),
    path("me/recognition/", views.my_recognition, name="reciprocity-recognition"),
    path("me/time/new/", claim_views.time_create, name="reciprocity-time-create"),
    path("me/time/confirm/", claim_views.time_confirm, name="reciprocity-time-confirm"),
    path("me/claims/new/", claim_views.claim_create, name="reciprocity-claim-create"),
    path("claims/<int:claim_id>/", claim_views.claim_detail, name="reciprocity-claim"),
    path(
        "claims/<int:claim_id>/answer/", claim_views.claim_answer, name="reciprocity-claim-answer"
    ),
    path(
        "claims/<int:claim_id>/review/", claim_views.claim_review, name="reciprocity-claim-review"
    ),
    path(
        "claims/<int:claim_id>/withdraw/",
        claim_views.claim_withdraw,
        name="reciprocity-claim-withdraw",
    ),
    path("claims/<int:claim_id>/receipt/", claim_views.receipt, name="reciprocity-receipt"),
    path("time/<int:entry_id>/review/", claim_views.time_review, name="reciprocity-time-review"),
    path("people/", views.people, name="reciprocity-people"),
    path(
        "people/<int:user_id>/eligibility/",
        views.eligibility_update,
        name="reciprocity-eligibility-update",
    ),
    path(
        "people/<int:user_id>/recognition/",
        views.recognition_update,
        name="reciprocity-recognition-update",
    ),
    path(
        "people/<int:user_id>/statement.pdf",
        claim_views.statement_pdf,
        name="reciprocity-statement-pdf",
    ),
    path(
        "people/<int:user_id>/statement.csv",
        claim_views.statement_csv_download,
        name="reciprocity-statement-csv",
    ),
    path("people/<int:user_id>/certificate.pdf", views.certificate, name="reciprocity-certificate"),
    path("people/<int:user_id>/reference.pdf", views.reference, name="reciprocity-reference"),
    path("finance.csv", claim_views.finance_export, name="reciprocity-finance-csv"),
]
