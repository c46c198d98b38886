from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


def baseline_select(request):
    """The SELECT baseline: one indexed SELECT by primary key, a tiny JSON answer."""
    pk = int(request.GET.get("id", "1"))
    with connection.cursor() as cur:
        cur.execute("SELECT id, nama FROM kepegawaian_pegawai WHERE id = %s", [pk])
        row = cur.fetchone()
    return JsonResponse({"row": row})


@csrf_exempt
def baseline_insert(request):
    """The INSERT baseline: one INSERT into a bench table."""
    with connection.cursor() as cur:
        cur.execute("INSERT INTO bench_insert (v, created) VALUES (%s, now())", [len(request.body)])
    return HttpResponse("ok")


urlpatterns = [
    path("bench/select", baseline_select),
    path("bench/insert", baseline_insert),
    path("", include("asnportal.urls")),
]
