from django.urls import path

from lists import views

app_name = "lists"

urlpatterns = [
    path("", views.list_index, name="index"),
    path("save/", views.save_item, name="save"),
    path("<int:pk>/", views.list_detail, name="detail"),
    path("<int:pk>/delete/", views.list_delete, name="delete"),
    path("<int:pk>/share/", views.list_share, name="share"),
    path("<int:pk>/print/", views.list_print, name="print"),
    path("<int:pk>/export.csv", views.list_csv, name="csv"),
    path("<int:pk>/items/<int:item_pk>/note/", views.item_note, name="item_note"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
]
