"""Partners, programmes, applications and pledges. Writes go through the same services as
the browser and the admin; another partner's object answers 404, a missing scope 403."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import selectors, webhooks
from ..models import PartnerApiKey, PartnerOrganization, Pledge, Programme, ProgrammeApplication, Scope, WebhookEndpoint
from ..services import pledges as pledge_services
from ..services import programmes as programme_services
from ..services import reports as report_services
from ..services.actor import PartnerActor, key_actor
from . import serializers
from .permissions import requires_scope, scoped_write


def api_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    return JsonResponse({"detail": _("Такого адреса в API нет."), "code": "not_found"}, status=404)


def _key(request: Request) -> PartnerApiKey | None:
    return request.auth if isinstance(request.auth, PartnerApiKey) else None


class OwnObjectsMixin:
    """Write actions look objects up among the key's partner's own ones only (else 404)."""

    request: Request

    def actor(self) -> PartnerActor:
        return key_actor(_key(self.request))


@extend_schema_view(list=extend_schema(summary="Проверенные партнёры / verified partners"))
class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PartnerSerializer
    lookup_field = "slug"
    filterset_fields = ["kind"]

    def get_queryset(self) -> QuerySet[PartnerOrganization]:
        return selectors.public_partners()


WRITE_ERRORS = {400: OpenApiResponse(description="Ошибка данных"), 401: OpenApiResponse(description="Нет ключа"),
                403: OpenApiResponse(description="Нет права"), 404: OpenApiResponse(description="Не найдено"),
                409: OpenApiResponse(description="Неподходящий статус")}


@extend_schema_view(
    list=extend_schema(summary="Программы и конкурсы партнёров / partners' programmes"),
    create=extend_schema(request=serializers.ProgrammeWriteSerializer, responses={201: serializers.ProgrammeSerializer,
                                                                                   **WRITE_ERRORS}),
    partial_update=extend_schema(request=serializers.ProgrammeWriteSerializer,
                                 responses={200: serializers.ProgrammeSerializer, **WRITE_ERRORS}),
)
class ProgrammeViewSet(OwnObjectsMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ProgrammeSerializer
    permission_classes = [scoped_write(Scope.PROGRAMMES_WRITE)]
    lookup_field = "slug"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Programme]:
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        queryset = Programme.objects.select_related("partner").prefetch_related("categories", "districts")
        if self.action in ("partial_update", "close"):
            return queryset.filter(partner=self.actor().partner)
        return queryset.public()

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = serializers.ProgrammeWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        publish = values.pop("status", Programme.Status.OPEN) == Programme.Status.OPEN
        programme = programme_services.programme_create(self.actor(), publish=publish, **values)
        return Response(self.get_serializer(programme).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        programme = self.get_object()
        data = serializers.ProgrammeWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        programme = programme_services.programme_update(
            programme, self.actor(), categories=values.pop("categories", None),
            districts=values.pop("districts", None), **values,
        )
        return Response(self.get_serializer(programme).data)

    @extend_schema(request=None, responses={200: serializers.ProgrammeSerializer, **WRITE_ERRORS},
                   summary="Закрыть программу / close a programme")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, slug: str) -> Response:
        programme = programme_services.programme_close(self.get_object(), self.actor())
        return Response(self.get_serializer(programme).data)


@extend_schema_view(list=extend_schema(summary="Заявки на участие в программах и решения по ним"))
class ApplicationViewSet(OwnObjectsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ApplicationSerializer
    permission_classes = [scoped_write(Scope.PROGRAMMES_WRITE)]
    filterset_fields = ["status"]

    def get_queryset(self) -> QuerySet[ProgrammeApplication]:
        if getattr(self, "swagger_fake_view", False):
            return ProgrammeApplication.objects.none()
        if self.action == "decide":
            return ProgrammeApplication.objects.filter(programme__partner=self.actor().partner)
        return selectors.public_applications().select_related("programme")

    @extend_schema(request=serializers.DecisionSerializer,
                   responses={200: serializers.ApplicationSerializer, **WRITE_ERRORS},
                   summary="Решение по заявке / decide an application (programmes:write)",
                   examples=[OpenApiExample("Отказ / refusal", request_only=True,
                                            value={"decision": "rejected", "reason": "Территория вне условий"})])
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        application = self.get_object()
        data = serializers.DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = programme_services.application_decide(
            application, self.actor(), accept=data.validated_data["decision"] == ProgrammeApplication.Status.ACCEPTED,
            reason=data.validated_data["reason"],
        )
        return Response(serializers.ApplicationSerializer(application).data)


@extend_schema_view(
    list=extend_schema(summary="Предложения поддержки / pledges"),
    create=extend_schema(
        request=serializers.PledgeCreateSerializer, responses={201: serializers.PledgeSerializer, **WRITE_ERRORS},
        summary="Предложить поддержку инициативе / offer support to an initiative (pledges:write)",
        examples=[
            OpenApiExample("Деньги / money", request_only=True,
                           value={"initiative": 42, "kind": "money", "amount": "150000.00",
                                  "message": "Оплатим скамейки и урны."}),
            OpenApiExample("Волонтёры / volunteers", request_only=True,
                           value={"initiative": 42, "kind": "volunteers", "volunteers": 25,
                                  "date_from": "2027-05-15", "date_to": "2027-05-16"}),
        ],
    ),
)
class PledgeViewSet(OwnObjectsMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PledgeSerializer
    permission_classes = [scoped_write(Scope.PLEDGES_WRITE)]
    filterset_fields = ["status", "kind", "initiative"]

    def get_queryset(self) -> QuerySet[Pledge]:
        if getattr(self, "swagger_fake_view", False):
            return Pledge.objects.none()
        key = _key(self.request)
        if self.action == "withdraw":
            return Pledge.objects.filter(partner=key.partner)
        queryset = selectors.public_pledges()
        if key is not None:
            # A partner also sees its own declined and withdrawn offers.
            queryset = queryset | Pledge.objects.filter(partner=key.partner)
        return queryset.select_related("partner")

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = serializers.PledgeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        initiative = values.pop("initiative")
        values = {k: v for k, v in values.items() if v is not None}
        pledge = pledge_services.pledge_create(self.actor(), initiative, **values)
        return Response(self.get_serializer(pledge).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ReasonSerializer, responses={200: serializers.PledgeSerializer, **WRITE_ERRORS},
                   summary="Отозвать своё предложение / withdraw own pledge")
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        pledge = self.get_object()
        data = serializers.ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pledge = pledge_services.pledge_withdraw(pledge, actor=self.actor(), reason=data.validated_data["reason"])
        return Response(self.get_serializer(pledge).data)


class ReportViewSet(OwnObjectsMixin, viewsets.GenericViewSet):
    """Отчёты об исполнении пунктов резолюции, за которые отвечает партнёр / progress reports."""

    permission_classes = [scoped_write(Scope.REPORTS_WRITE)]
    serializer_class = serializers.ReportSerializer

    @extend_schema(request=serializers.ReportSerializer,
                   responses={201: serializers.ReportResultSerializer, **WRITE_ERRORS},
                   summary="Отчёт по пункту резолюции / report on a resolution item")
    def create(self, request: Request) -> Response:
        from django.shortcuts import get_object_or_404

        from forum.models import ResolutionItem

        data = serializers.ReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        # Items of other organisations do not exist for this key.
        item = get_object_or_404(
            ResolutionItem.objects.filter(responsible_partners=self.actor().partner), pk=values.pop("item")
        )
        report = report_services.report_add(item, self.actor(), **values)
        return Response(serializers.ReportResultSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Адреса для уведомлений партнёра / the partner's webhook endpoints"),
    retrieve=extend_schema(responses={200: serializers.WebhookEndpointSerializer, 401: WRITE_ERRORS[401],
                                      403: WRITE_ERRORS[403], 404: WRITE_ERRORS[404]}),
    create=extend_schema(request=serializers.WebhookEndpointSerializer,
                         responses={201: serializers.WebhookEndpointCreatedSerializer, **WRITE_ERRORS},
                         summary="Зарегистрировать адрес (секрет показывается один раз) / register an endpoint"),
    partial_update=extend_schema(request=serializers.WebhookEndpointEventsSerializer,
                                 responses={200: serializers.WebhookEndpointSerializer, **WRITE_ERRORS},
                                 summary="Изменить события / change the events"),
    destroy=extend_schema(responses={204: None, 401: WRITE_ERRORS[401], 403: WRITE_ERRORS[403],
                                     404: WRITE_ERRORS[404]}),
)
class WebhookEndpointViewSet(OwnObjectsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The key's partner's own webhook endpoints; every action needs the `webhooks:write` scope
    (the list shows the partner's private configuration, so `read` alone is not enough)."""

    serializer_class = serializers.WebhookEndpointSerializer
    permission_classes = [requires_scope(Scope.WEBHOOKS_WRITE)]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    pagination_class = None

    def get_queryset(self) -> QuerySet[WebhookEndpoint]:
        if getattr(self, "swagger_fake_view", False):
            return WebhookEndpoint.objects.none()
        return WebhookEndpoint.objects.filter(partner=self.actor().partner).order_by("id")

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = serializers.WebhookEndpointSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint, secret = webhooks.endpoint_register(self.actor().partner, url=data.validated_data["url"],
                                                      event_types=data.validated_data["events"])
        endpoint.secret = secret
        return Response(serializers.WebhookEndpointCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        endpoint = self.get_object()
        data = serializers.WebhookEndpointEventsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        endpoint = webhooks.endpoint_set_events(endpoint, data.validated_data["events"])
        return Response(self.get_serializer(endpoint).data)

    def perform_destroy(self, instance: WebhookEndpoint) -> None:
        webhooks.endpoint_delete(instance)
