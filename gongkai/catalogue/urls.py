from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("items/", views.item_list, name="items"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("columns/", views.column_list, name="columns"),
    path("columns/seed/", views.columns_seed, name="columns_seed"),
    path("columns/<int:pk>/", views.column_edit, name="column_edit"),
]
