"""Every new account becomes a resident."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import roles
from .models import User


@receiver(post_save, sender=User, dispatch_uid="accounts_new_user_is_resident")
def add_new_user_to_residents(sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        group, _ = Group.objects.get_or_create(name=roles.RESIDENT)
        instance.groups.add(group)
