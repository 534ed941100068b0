from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from config.health import healthz
from fund import views as fund_views
from fund.access import PUBLIC, allow

urlpatterns = [
    path("", fund_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", fund_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", fund_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("fund.account_urls")),
    path("i18n/setlang/", allow(PUBLIC)(set_language), name="set_language"),
    path("api/", include("fund.api.urls")),
    path("api/", include("portfolio.api.urls")),
    path("api/impact/", include("impactmetrics.api.urls")),
    path("admin/", admin.site.urls),
    path("impact/", include("impactmetrics.urls")),
    path("", include("fund.urls")),
    path("", include("portfolio.urls")),
    path("", include("reporting.urls")),
]
