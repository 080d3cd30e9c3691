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
    # the press kit (press/actions.py)
    "create_tipline": _("Added a news tipline"),
    "update_tipline": _("Edited a news tipline"),
    "deactivate_tipline": _("Deactivated a news tipline"),
    "activate_tipline": _("Reactivated a news tipline"),
    "approve_suggestion": _("Added a crew's tipline suggestion"),
    "reject_suggestion": _("Turned down a crew's tipline suggestion"),
    # the day and after (day/actions.py)
    "add_contact": _("Added a legal or emergency contact"),
    "edit_contact": _("Edited a legal or emergency contact"),
    "delete_contact": _("Deleted a legal or emergency contact"),
    "approve_summary": _("Approved a crew's public summary"),
    "reject_summary": _("Rejected a crew's public summary"),
}
