from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Hub(models.Model):
    """An organization that publishes calls and moderates the walkouts answering them."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=120)

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """One staff action (SAFETY.md requirement 39). Staff are audited; students are not.

    The date is kept to the day, and nothing about the request (address, browser) is stored.
    """

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    verb = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    day = models.DateField()

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.day} {self.staff_id} {self.verb} {self.object_id}"
