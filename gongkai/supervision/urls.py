from django.urls import path

from . import audit_views, notice_views, views, website_views

app_name = "supervision"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("home/", views.home, name="home"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("scheme/", views.scheme_edit, name="scheme"),
    path("lock/", views.lock, name="lock"),
    path("results/<int:pk>/", views.result_detail, name="result"),
    path("adjustments/", views.adjustments, name="adjustments"),
    path("adjustments/<int:pk>/withdraw/", views.adjustment_withdraw, name="adjustment_withdraw"),
    path("adjustments/<int:pk>/attachment/", views.adjustment_attachment, name="adjustment_attachment"),
    path("notices/", notice_views.notice_list, name="notices"),
    path("notices/new/", notice_views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", notice_views.notice_detail, name="notice"),
    path("notices/<int:pk>/reply/", notice_views.notice_reply, name="notice_reply"),
    path("notices/<int:pk>/decide/", notice_views.notice_decide, name="notice_decide"),
    path("notices/<int:pk>/notice.<str:fmt>", notice_views.notice_document, name="notice_document"),
    path("notices/replies/<int:pk>/evidence/", notice_views.reply_evidence, name="reply_evidence"),
    path("audits/", audit_views.audit_runs, name="audit_runs"),
    path("audits/<int:pk>/", audit_views.audit_run, name="audit_run"),
    path("audits/<int:pk>/findings.xlsx", audit_views.audit_run_workbook, name="audit_run_workbook"),
    path("website/<str:code>/<int:year>/", website_views.website_report, name="website_report"),
    path("website/<str:code>/<int:year>/report.xlsx", website_views.website_report_xlsx, name="website_report_xlsx"),
    path("<str:code>/", views.organ_detail, name="organ"),
]
