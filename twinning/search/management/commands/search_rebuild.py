from django.core.management.base import BaseCommand

from twinning.search.services import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Index every public record, person, organisation, delegation and public session "
        "from scratch (after an upgrade that changes how texts become search terms)."
    )

    def handle(self, *args, **options):
        indexed = search_index_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {indexed} documents."))
