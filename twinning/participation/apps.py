from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "twinning.participation"
    label = "participation"
    verbose_name = _("Public participation")

    def ready(self):
        from twinning.core import personal_data
        from twinning.participation import personal_data as participation_personal_data

        personal_data.register(
            "participation",
            export=participation_personal_data.export,
            erase=participation_personal_data.erase,
            models=(
                "participation.Message",
                "participation.Reply",
                "participation.Report",
            ),
        )
        from twinning.core import backoffice
        from twinning.participation import selectors

        backoffice.register(
            backoffice.Entry(
                key="participation.messages",
                label=_("New messages"),
                url_name="participation_backoffice:messages",
                query="status=new",
                permission="participation.handle_messages",
                count=selectors.messages_new_count,
                order=10,
            )
        )
        backoffice.register(
            backoffice.Entry(
                key="participation.reports",
                label=_("Reports to triage"),
                url_name="participation_backoffice:reports",
                permission="participation.view_reports",
                count=selectors.reports_open_count,
                order=20,
            )
        )
