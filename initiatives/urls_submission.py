"""URLs of the resident's side: guided submission in steps, «Мои инициативы», invitations.

Included by initiatives/urls.py under the "initiatives" namespace, mounted at /initiatives/.
"""

from django.urls import path

from .views import submission

urlpatterns = [
    path("new/", submission.create, name="create"),
    path("my/", submission.my_initiatives, name="my"),
    path("invitations/<uuid:token>/", submission.invitation, name="invitation"),
    path("<int:pk>/edit/", submission.edit, name="edit"),
    path("<int:pk>/edit/<slug:step>/", submission.edit_step, name="edit_step"),
    path("<int:pk>/edit/photos/<int:photo_pk>/delete/", submission.photo_delete, name="photo_delete"),
    path("<int:pk>/edit/documents/<int:document_pk>/delete/", submission.document_delete, name="document_delete"),
    path(
        "<int:pk>/edit/invitations/<int:invitation_pk>/revoke/", submission.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<int:pk>/submit/", submission.submit, name="submit"),
    path("<int:pk>/withdraw/", submission.withdraw, name="withdraw"),
]
