from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projects"

    def ready(self) -> None:
        # Each app's part.py registers what it adds to a project (projects/parts.py).
        autodiscover_modules("part")
