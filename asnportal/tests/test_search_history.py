"""Searching a list with htmx: the pushed URL does not grow, and Back restores the search box and filters."""

from django.urls import reverse


def test_filter_form_posts_to_the_bare_path(client_hr_bungo):
    r = client_hr_bungo.get(reverse("kepegawaian:pegawai_list"), {"q": "andi"})
    html = r.content.decode()
    path = reverse("kepegawaian:pegawai_list")
    assert f'hx-get="{path}"' in html  # not "" (which would resend ?q=andi and append the filters again)
    assert 'hx-push-url="true"' in html and 'hx-history="false"' in html
    assert 'value="andi"' in html  # the search box shows the current search


def test_history_restore_gets_the_whole_page_with_the_filters(client_hr_bungo):
    url = reverse("kepegawaian:pegawai_list")
    partial = client_hr_bungo.get(url, {"q": "andi"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="pegawai-table")
    assert "<html" not in partial.content.decode()  # a search swaps only the table
    assert "HX-Request" in partial["Vary"]  # so Back never gets this fragment from the browser cache
    restore = client_hr_bungo.get(
        url, {"q": "andi"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    html = restore.content.decode()
    assert "<html" in html and 'value="andi"' in html  # Back: the whole page, search box filled
