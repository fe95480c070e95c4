from django.urls import path

from curation import views

app_name = "curation"

urlpatterns = [
    path("groups/<slug:slug>/report/", views.group_report, name="group_report"),
    path("groups/<slug:slug>/report/sent/", views.group_report_sent, name="group_report_sent"),
]
