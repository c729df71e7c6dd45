from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "twinning.delegations"
    label = "delegations"
    verbose_name = _("Delegations")

    def ready(self):
        from twinning.core import personal_data
        from twinning.delegations import personal_data as delegations_personal_data

        personal_data.register(
            "delegations",
            export=delegations_personal_data.export,
            erase=delegations_personal_data.erase,
            models=("delegations.Member", "delegations.Contact"),
        )
        from twinning.core import backoffice
        from twinning.delegations import selectors
        from twinning.delegations.search import register_searchables

        register_searchables()

        backoffice.register(
            backoffice.Entry(
                key="delegations.briefing_books",
                label=_("Briefing books being built"),
                url_name="admin:django_tasks_database_dbtaskresult_changelist",
                query="status__exact=READY",
                permission="django_tasks_database.view_dbtaskresult",
                count=selectors.briefing_books_waiting_count,
                order=30,
            )
        )
