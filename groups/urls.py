from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.group_calendar, name="calendar"),
    path("<slug:slug>/report/", views.group_report, name="report"),
    path("<slug:slug>/report/sent/", views.group_report_sent, name="report_sent"),
]
