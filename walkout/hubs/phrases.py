"""Translated labels the console repeats."""

from django.utils.translation import gettext_lazy as _

# Audit verbs as people read them (hubs.actions.record_audit writes the keys).
AUDIT_VERBS = {
    "approve": _("Approved a walkout"),
    "approve_and_trust": _("Approved and trusted a walkout"),
    "reject": _("Rejected a walkout"),
    "request_changes": _("Asked for changes"),
    "merge": _("Merged a walkout into another"),
    "feature": _("Featured a walkout"),
    "unfeature": _("Stopped featuring a walkout"),
    "reply": _("Answered an organizer"),
    "announce": _("Posted an announcement"),
    "withdraw_announcement": _("Withdrew an announcement"),
    "create_campaign": _("Created a campaign"),
    "edit_campaign": _("Edited a campaign"),
    "create_action": _("Created a call"),
    "edit_action": _("Edited a call"),
    "reschedule_action": _("Moved a call's date or time"),
    "set_status_open": _("Opened a call for walkouts"),
    "set_status_closed": _("Closed a call"),
    "set_status_draft": _("Put a call back to draft"),
    "create_staff": _("Created a staff account"),
    "reissue_setup_link": _("Gave a new setup link"),
    "deactivate_staff": _("Deactivated a staff account"),
    "complete_setup": _("Chose a password with a setup link"),
}
