"""Atom feeds of the public record: checkpoints (for watchers of the ledger) and events."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from openassembly.core.models import Checkpoint, Organisation

from .selectors import recent_events


class CheckpointFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, org: str):
        return get_object_or_404(Organisation, slug=org)

    def title(self, obj):
        return f"{obj.name}: ledger checkpoints"

    def link(self, obj):
        return reverse("record:ledger", kwargs={"org": obj.slug})

    def subtitle(self, obj):
        return "Each checkpoint seals a batch of events; compare its hash with your own copy."

    def items(self, obj):
        return Checkpoint.objects.filter(organisation=obj).order_by("-number")[:50]

    def item_title(self, item):
        return f"Checkpoint {item.number}: {item.count} events, hash {item.hash[:16]}…"

    def item_description(self, item):
        return (
            f"number {item.number}; events {item.first_seq}–{item.last_seq} ({item.count}); "
            f"Merkle root {item.root}; previous {item.prev}; hash {item.hash}"
        )

    def item_link(self, item):
        return (
            reverse("record:ledger", kwargs={"org": item.organisation.slug}) + f"#cp-{item.number}"
        )

    def item_guid(self, item):
        return f"checkpoint:{item.organisation.slug}:{item.number}:{item.hash}"

    def item_pubdate(self, item):
        return item.sealed_at


class EventFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, org: str):
        return get_object_or_404(Organisation, slug=org)

    def title(self, obj):
        return f"{obj.name}: public record"

    def link(self, obj):
        return reverse("record:home", kwargs={"org": obj.slug})

    def items(self, obj):
        # Described in one go, so the feed looks names up once per kind of thing, not per item.
        return recent_events(obj, limit=100)

    def item_title(self, item):
        return item.sentence

    def item_description(self, item):
        return f"{item.label} ({item.event.kind}, event {item.event.pk}): {item.data_json}"

    def item_link(self, item):
        event = item.event
        return reverse("record:ledger", kwargs={"org": event.organisation.slug}) + f"#e-{event.pk}"

    def item_guid(self, item):
        return f"event:{item.event.organisation.slug}:{item.event.pk}"

    def item_pubdate(self, item):
        return item.event.at
