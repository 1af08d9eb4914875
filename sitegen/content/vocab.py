"""Controlled vocabularies of the content format."""

PLACE_KINDS = ("country", "governorate", "district", "subdistrict", "town", "site", "area")
ACTOR_KINDS = (
    "state", "armed-forces", "armed-group", "coalition", "government", "civil-defence",
    "media", "international-organisation", "person", "other",
)
SOURCE_KINDS = (
    "news-outlet", "blog", "civil-defence", "monitor", "government", "activists",
    "international-organisation", "other",
)
RELATION_TYPES = ("part-of", "backed-by", "allied-with")
ROLES = ("acting", "targeted", "reporting", "supporting", "mediating", "present")
FIGURE_KINDS = ("killed", "injured", "displaced", "missing", "detained")
FIGURE_GROUPS = ("civilians", "children", "women", "combatants", "people")
STANCES = ("asserts", "denies", "disputes", "confirms")
# How precisely an event's place is known (UCDP GED where_prec, ACLED geo_precision).
LOCATION_PRECISIONS = ("exact", "near", "admin2", "admin1", "area", "country", "international")
# Datasets whose row ids an event may keep (`external_ids`), as `sitegen import` writes them.
DATASETS = ("ucdp", "acled")

# ACLED event types and sub-event types, as slugs.
EVENT_TYPES = {
    "battles": (
        "armed-clash", "government-regains-territory", "non-state-actor-overtakes-territory",
    ),
    "explosions-remote-violence": (
        "chemical-weapon", "air-drone-strike", "suicide-bomb",
        "shelling-artillery-missile-attack", "remote-explosive-landmine-ied", "grenade",
    ),
    "violence-against-civilians": ("sexual-violence", "attack", "abduction-forced-disappearance"),
    "protests": ("peaceful-protest", "protest-with-intervention", "excessive-force-against-protesters"),
    "riots": ("violent-demonstration", "mob-violence"),
    "strategic-developments": (
        "agreement", "arrests", "change-to-group-activity", "disrupted-weapons-use",
        "headquarters-or-base-established", "looting-property-destruction",
        "non-violent-transfer-of-territory", "other",
    ),
}

# How well an event is established: Airwars' grading of civilian harm incidents
# (https://airwars.org/about/methodology/): confirmed (the belligerent accepts it),
# fair (two or more credible sources and a belligerent active there), weak (a single
# source), contested (competing claims of responsibility), discounted (found false or
# attributed elsewhere). Its meaning per grade is on the About page.
GRADES = ("confirmed", "fair", "weak", "contested", "discounted")

def event_type_slugs() -> tuple[str, ...]:
    """Every type and sub-type, each type before its sub-types; no slug twice (a sub-type's
    page has the same folder as a type's, `sitegen.pages.urls.event_type`)."""
    return tuple(slug for t, subs in EVENT_TYPES.items() for slug in (t, *subs))
