from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnkleEducationConfig(AppConfig):
    name = "ankle_education"
    verbose_name = _("Ankle pain patient education")
    # Pinned so a host's DEFAULT_AUTO_FIELD never changes our migrations.
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ankle_education import checks, invalidation  # noqa: F401  (checks register on import)

        invalidation.connect()
