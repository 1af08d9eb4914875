"""Interface labels for vocabulary ids, marked for extraction (`N_`), translated in templates;
and the search box's words, translated here for the page's script."""


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for 'translate later'
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - N_ for plural forms
    """A message with plural forms, translated later with `ngettext` (extracted with
    `-k NP_:1,2`, see README "Translations")."""
    return singular, plural


LABELS = {
    # event types (ACLED)
    "battles": N_("Battles"),
    "explosions-remote-violence": N_("Explosions/Remote violence"),
    "violence-against-civilians": N_("Violence against civilians"),
    "protests": N_("Protests"),
    "riots": N_("Riots"),
    "strategic-developments": N_("Strategic developments"),
    # sub-event types (ACLED)
    "armed-clash": N_("Armed clash"),
    "government-regains-territory": N_("Government regains territory"),
    "non-state-actor-overtakes-territory": N_("Non-state actor overtakes territory"),
    "chemical-weapon": N_("Chemical weapon"),
    "air-drone-strike": N_("Air/drone strike"),
    "suicide-bomb": N_("Suicide bomb"),
    "shelling-artillery-missile-attack": N_("Shelling/artillery/missile attack"),
    "remote-explosive-landmine-ied": N_("Remote explosive/landmine/IED"),
    "grenade": N_("Grenade"),
    "sexual-violence": N_("Sexual violence"),
    "attack": N_("Attack"),
    "abduction-forced-disappearance": N_("Abduction/forced disappearance"),
    "peaceful-protest": N_("Peaceful protest"),
    "protest-with-intervention": N_("Protest with intervention"),
    "excessive-force-against-protesters": N_("Excessive force against protesters"),
    "violent-demonstration": N_("Violent demonstration"),
    "mob-violence": N_("Mob violence"),
    "agreement": N_("Agreement"),
    "arrests": N_("Arrests"),
    "change-to-group-activity": N_("Change to group/activity"),
    "disrupted-weapons-use": N_("Disrupted weapons use"),
    "headquarters-or-base-established": N_("Headquarters or base established"),
    "looting-property-destruction": N_("Looting/property destruction"),
    "non-violent-transfer-of-territory": N_("Non-violent transfer of territory"),
    "other": N_("Other"),
    # how precisely an event's place is known (vocab.LOCATION_PRECISIONS)
    "location-exact": N_("the exact place"),
    "location-near": N_("near this place (within about 25 km)"),
    "location-admin2": N_("somewhere in this district"),
    "location-admin1": N_("somewhere in this governorate"),
    "location-area": N_("along a line or across an area"),
    "location-country": N_("somewhere in the country"),
    "location-international": N_("international waters or airspace"),
    # place kinds
    "country": N_("Country"),
    "governorate": N_("Governorate"),
    "district": N_("District"),
    "subdistrict": N_("Subdistrict"),
    "town": N_("Town"),
    "site": N_("Site"),
    "area": N_("Area"),
    # actor and source kinds
    "state": N_("State"),
    "armed-forces": N_("Armed forces"),
    "armed-group": N_("Armed group"),
    "coalition": N_("Coalition"),
    "government": N_("Government"),
    "civil-defence": N_("Civil defence"),
    "media": N_("Media"),
    "international-organisation": N_("International organisation"),
    "person": N_("Person"),
    "news-outlet": N_("News outlet"),
    "blog": N_("Blog"),
    "monitor": N_("Monitor"),
    "activists": N_("Activists"),
    # roles
    "acting": N_("Acting"),
    "targeted": N_("Targeted"),
    "reporting": N_("Reporting"),
    "supporting": N_("Supporting"),
    "mediating": N_("Mediating"),
    "present": N_("Present"),
    # figure kinds and groups
    "killed": N_("killed"),
    "injured": N_("injured"),
    "displaced": N_("displaced"),
    "missing": N_("missing"),
    "detained": N_("detained"),
    "civilians": N_("civilians"),
    "children": N_("children"),
    "women": N_("women"),
    "combatants": N_("combatants"),
    "people": N_("people"),
    # claim stances
    "asserts": N_("asserts"),
    "denies": N_("denies"),
    "disputes": N_("disputes"),
    "confirms": N_("confirms"),
    # grades: how well an event is established (Airwars' grading, see vocab.GRADES)
    "confirmed": N_("Confirmed"),
    "fair": N_("Fair"),
    "weak": N_("Weak"),
    "contested": N_("Contested"),
    "discounted": N_("Discounted"),
}

# A claim as an attributed statement, by stance: neutral forms whose grammar does not depend
# on the claimant's number or case (the catalogs own each translation); for a denial the
# text is the statement denied. `%(text)s` comes in the language's quotation marks.
CLAIM_SENTENCES = {
    "asserts": N_("Asserted by %(claimant)s: %(text)s"),
    "confirms": N_("Confirmed by %(claimant)s: %(text)s"),
    "denies": N_("Denied by %(claimant)s — the statement denied: %(text)s"),
    "disputes": N_("Disputed by %(claimant)s — the statement disputed: %(text)s"),
}

# A figure as one phrase, number and noun together, so that each language makes them agree
# (Arabic: "122 قتيلاً على الأقل", "329 جريحاً", "قتيلان"). One catalog entry per estimate and
# figure kind; the plural form follows the number the phrase ends on (`sitegen.pages.i18n.Formatter.figure`):
# exact, at-least: the count; at-most: its bound; between: the high end; best: the best estimate
# (UCDP's low/best/high). Values: %(n)s, %(low)s, %(high)s, %(best)s.
ESTIMATES = ("exact", "at-least", "at-most", "between", "best")
FIGURE_PHRASES = {
    ("exact", "killed"): NP_("%(n)s killed", "%(n)s killed"),
    ("exact", "injured"): NP_("%(n)s injured", "%(n)s injured"),
    ("exact", "displaced"): NP_("%(n)s displaced", "%(n)s displaced"),
    ("exact", "missing"): NP_("%(n)s missing", "%(n)s missing"),
    ("exact", "detained"): NP_("%(n)s detained", "%(n)s detained"),
    ("at-least", "killed"): NP_("at least %(n)s killed", "at least %(n)s killed"),
    ("at-least", "injured"): NP_("at least %(n)s injured", "at least %(n)s injured"),
    ("at-least", "displaced"): NP_("at least %(n)s displaced", "at least %(n)s displaced"),
    ("at-least", "missing"): NP_("at least %(n)s missing", "at least %(n)s missing"),
    ("at-least", "detained"): NP_("at least %(n)s detained", "at least %(n)s detained"),
    ("at-most", "killed"): NP_("at most %(n)s killed", "at most %(n)s killed"),
    ("at-most", "injured"): NP_("at most %(n)s injured", "at most %(n)s injured"),
    ("at-most", "displaced"): NP_("at most %(n)s displaced", "at most %(n)s displaced"),
    ("at-most", "missing"): NP_("at most %(n)s missing", "at most %(n)s missing"),
    ("at-most", "detained"): NP_("at most %(n)s detained", "at most %(n)s detained"),
    ("between", "killed"): NP_("%(low)s to %(high)s killed", "%(low)s to %(high)s killed"),
    ("between", "injured"): NP_("%(low)s to %(high)s injured", "%(low)s to %(high)s injured"),
    ("between", "displaced"): NP_("%(low)s to %(high)s displaced", "%(low)s to %(high)s displaced"),
    ("between", "missing"): NP_("%(low)s to %(high)s missing", "%(low)s to %(high)s missing"),
    ("between", "detained"): NP_("%(low)s to %(high)s detained", "%(low)s to %(high)s detained"),
    ("best", "killed"): NP_("%(best)s killed (best estimate; %(low)s to %(high)s)",
                            "%(best)s killed (best estimate; %(low)s to %(high)s)"),
    ("best", "injured"): NP_("%(best)s injured (best estimate; %(low)s to %(high)s)",
                             "%(best)s injured (best estimate; %(low)s to %(high)s)"),
    ("best", "displaced"): NP_("%(best)s displaced (best estimate; %(low)s to %(high)s)",
                               "%(best)s displaced (best estimate; %(low)s to %(high)s)"),
    ("best", "missing"): NP_("%(best)s missing (best estimate; %(low)s to %(high)s)",
                             "%(best)s missing (best estimate; %(low)s to %(high)s)"),
    ("best", "detained"): NP_("%(best)s detained (best estimate; %(low)s to %(high)s)",
                              "%(best)s detained (best estimate; %(low)s to %(high)s)"),
}

# A relation read from each side: (on the actor that states it, on the other actor).
RELATIONS = {
    "part-of": (N_("Part of"), N_("Includes")),
    "backed-by": (N_("Backed by"), N_("Backs")),
    "allied-with": (N_("Allied with"), N_("Allied with")),
}

# Material's words on every page (its `lang.t(key)`), from the project's catalogs instead of the
# theme's language files (whose Arabic has errors: "إبحث", "إختر"); templates/theme/partials/language.html.
# Not its "language" and "direction": those are codes (the page's lang and dir), not words.
THEME_STRINGS = {
    "action.skip": N_("Skip to content"),
    "clipboard.copy": N_("Copy to clipboard"),
    "clipboard.copied": N_("Copied to clipboard"),
    "footer": N_("Footer"),
    "header": N_("Header"),
    "nav": N_("Navigation"),
    "search": N_("Search"),
    "select.language": N_("Select language"),
    "source": N_("Go to repository"),
    "tabs": N_("Tabs"),
    "toc": N_("Table of contents"),
    "top": N_("Back to top"),
}
MADE_WITH = N_("Made with %(generator)s")  # the footer (templates/theme/partials/copyright.html)
PERMANENT_LINK = N_("Permanent link")      # the heading anchors' tooltip (toc's permalink_title)


def theme_strings(translations) -> dict:
    """The theme's words in one language, for templates/theme (embedded in the MkDocs config)."""
    return {
        "t": {key: translations.gettext(message) for key, message in THEME_STRINGS.items()},
        "made_with": translations.gettext(MADE_WITH),
    }


# Titles of the hub pages in the navigation (the base mkdocs.yml names them in English).
NAV_TITLES = (
    N_("Home"), N_("Chronology"), N_("Places"), N_("Actors"), N_("Sources"), N_("Event types"), N_("Map"), N_("Browse"),
    N_("About and methodology"), N_("Editors' guide"), N_("Data"),
)


def search_strings(translations, plural_samples: dict[str, int]) -> dict:
    """The search box's words in one language, for its script (`templates/assets/search.js`).
    The count has one text per CLDR plural category, each the catalog's translation for a
    number of that category; the browser picks one with `Intl.PluralRules`."""
    return {
        "placeholder": translations.gettext("Search this site"),
        "more": translations.gettext("Load more results"),
        "close": translations.gettext("Close search"),
        "none": translations.gettext("No results for “%(query)s”"),
        "offline": translations.gettext("Search needs the site to be served, not opened from disk: run "
                                        "“python3 -m http.server” in the site's folder and open http://localhost:8000/."),
        "count": {
            category: translations.ngettext("%(num)s result for “%(query)s”", "%(num)s results for “%(query)s”", n)
            for category, n in plural_samples.items()
        },
    }
