"""Scoped base views and htmx helpers. Views parse, call one selector or service, and render."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.cache import patch_vary_headers
from django.views import generic

from . import scoping


class ScopedQuerysetMixin(LoginRequiredMixin):
    """Every object a view reads comes through `for_user`; an object outside the scope is a 404."""

    model = None
    queryset = None

    def get_queryset(self):
        base = self.queryset.all() if self.queryset is not None else self.model._default_manager.all()
        return base.for_user(self.request.user)


class ManageRequiredMixin:
    """Writes need the HR role (admin instansi) or superadmin; auditors and ASN get 403, anonymous users the
    login page (a view listing this mixin before LoginRequiredMixin must not run for them)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not scoping.can_manage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HtmxTemplateMixin:
    """Render `partial_template_name` for htmx requests, the whole page otherwise."""

    partial_template_name: str | None = None

    def get_template_names(self):
        if (
            self.partial_template_name
            and getattr(self.request, "htmx", False)
            and not self.request.htmx.boosted
            # Back/forward without a cached snapshot: htmx asks for the URL and swaps the whole body.
            and not self.request.htmx.history_restore_request
        ):
            return [self.partial_template_name]
        return super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        # The same URL answers a whole page or a fragment: tell caches so. Without it the browser answers Back
        # to a URL pushed by htmx with the cached fragment (a page with only the table, no search box).
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ("HX-Request",))
        return response


class ScopedListView(ScopedQuerysetMixin, HtmxTemplateMixin, generic.ListView):
    paginate_by = 25
    filterset_class = None

    def get_queryset(self):
        qs = super().get_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            return self.filterset.qs
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["filterset"] = getattr(self, "filterset", None)
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["querystring"] = query.urlencode()
        return ctx


class ScopedDetailView(ScopedQuerysetMixin, generic.DetailView):
    pass


class ScopedFormKwargsMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs


def paginate(request, queryset, per_page=25):
    """Page object for function views."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def scoped_model(label: str):
    """Mark a function view that takes an object id with the model it reads (for the scoping sweep test)."""

    def wrap(view):
        view.scoping_model = label
        return view

    return wrap


def public_view(view):
    """Mark a view as intentionally public (survey form, certificate check, published results)."""
    view.public = True
    return view
