from django.urls import path

from walkout.hubs.views import auth, campaigns, queue, staff, stats, support, walkouts

app_name = "hubs"
urlpatterns = [
    path("sign-in/", auth.sign_in, name="login"),
    path("sign-in/code/", auth.second_factor, name="second_factor"),
    path("sign-out/", auth.sign_out, name="logout"),
    path("setup/<str:token>/", auth.setup, name="setup"),
    path("", queue.queue, name="queue"),
    path("walkouts/<str:public_id>/decide/", queue.decide, name="decide"),
    path("walkouts/<str:public_id>/merge/", queue.merge, name="merge"),
    path("walkouts/", walkouts.walkout_list, name="walkouts"),
    path("walkouts/<str:public_id>/", walkouts.walkout_detail, name="walkout"),
    path("walkouts/<str:public_id>/reply/", walkouts.reply, name="reply"),
    path("walkouts/<str:public_id>/feature/", walkouts.feature, name="feature"),
    path("support/", support.inbox, name="support"),
    path("announcements/", support.announcements, name="announcements"),
    path("announcements/<int:pk>/withdraw/", support.withdraw, name="withdraw_announcement"),
    path("campaigns/", campaigns.campaigns, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_form, name="campaign_new"),
    path("campaigns/<slug:slug>/edit/", campaigns.campaign_form, name="campaign_edit"),
    path("campaigns/<slug:slug>/new-call/", campaigns.action_form, name="action_new"),
    path("calls/<str:public_id>/", campaigns.action_form, name="action_edit"),
    path("calls/<str:public_id>/status/", campaigns.action_status, name="action_status"),
    path("stats/", stats.stats_page, name="stats"),
    path("stats/export.csv", stats.stats_export, name="stats_export"),
    path("staff/", staff.staff, name="staff"),
    path("staff/<int:pk>/setup-link/", staff.setup_link, name="staff_setup_link"),
    path("staff/<int:pk>/deactivate/", staff.deactivate, name="staff_deactivate"),
    path("audit/", staff.audit, name="audit"),
]
