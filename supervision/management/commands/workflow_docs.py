from django.core.management.base import BaseCommand

from supervision.workflow_docs import DOC_PATH, render


class Command(BaseCommand):
    help = "Write docs/workflows.md: the state diagrams generated from the django-fsm transitions."

    def handle(self, *args, **options):
        DOC_PATH.write_text(render(), encoding="utf-8")
        self.stdout.write(f"Geschreven: docs/{DOC_PATH.name}")
