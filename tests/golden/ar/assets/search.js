/* The site's search box, on Pagefind's own API (<lang>/pagefind/pagefind.js).
 *
 * A language's search is its main bundle (pagefind/) plus, after builds that changed
 * pages in place, a delta bundle (pagefind-delta/) holding those pages; hidden.json lists
 * the main bundle's result ids of the changed pages, which are dropped here so every page
 * is found once, in its current version (see sitegen/build/search.py). A language too large
 * for one Pagefind run within the build's memory has its main bundle in parts: hidden.json
 * lists parts 2..K ("parts"), merged like the delta. Its words come from the
 * project's catalogs, embedded in the page (#sg-search-words). */
(function () {
  "use strict"
  var dialog = document.getElementById("pf-dialog")
  if (!dialog) return
  var words = JSON.parse(document.getElementById("sg-search-words").textContent)
  var lang = document.documentElement.lang || "en"
  var root = new URL(dialog.dataset.root, location.href)  // the language's root folder
  var input = dialog.querySelector(".sg-search__input")
  var status = dialog.querySelector(".sg-search__status")
  var list = dialog.querySelector(".sg-search__results")
  var more = dialog.querySelector(".sg-search__more")
  var close = dialog.querySelector(".sg-search__close")
  var PAGE = 5        // results shown at once; "load more" shows the next ones
  var SUB_RESULTS = 3 // headings shown under a result, as Pagefind's UI shows them
  var plurals = new Intl.PluralRules(lang)
  var numbers = new Intl.NumberFormat(lang, { numberingSystem: "latn" })
  var engine = null   // a promise of { pagefind, hidden }, made on first use
  var shown = { results: [], count: 0, generation: 0 }

  function load() {
    if (!engine) {
      engine = Promise.all([
        import(new URL("pagefind/pagefind.js", root).href),
        fetch(new URL("pagefind-delta/hidden.json", root), { cache: "no-cache" })
          .then(function (r) { return r.ok ? r.json() : { delta: false, hide: [] } }),
      ]).then(async function (loaded) {
        var pagefind = loaded[0], hidden = loaded[1]
        /* termSimilarity: a word the length of the query's ranks above longer words with
           the same stem (Turkish "Hama" before "hava", "halk", "hafta") */
        await pagefind.options({ baseUrl: root.pathname, ranking: { termSimilarity: 6.0 } })
        /* the main bundle's parts 2..K, each with a page of every word of the language
           (so that each part answers as the whole index would), never shown */
        var parts = Array.isArray(hidden.parts) ? hidden.parts : []
        for (var i = 0; i < parts.length; i++) {
          if (/^pagefind-part-[0-9]+\/$/.test(parts[i])) {  // a folder of the language's, nothing else
            await pagefind.mergeIndex(new URL(parts[i], root).href, { baseUrl: root.pathname })
          }
        }
        if (hidden.delta) {
          await pagefind.mergeIndex(new URL("pagefind-delta/", root).href, { baseUrl: root.pathname })
        }
        return { pagefind: pagefind, hidden: new Set(hidden.hide.concat(hidden.vocabulary || [])) }
      })
      engine.catch(function () { engine = null })  // try again on the next query
    }
    return engine
  }

  /* Snowball's Arabic stemmer does not strip و/ف in front of ال (وال…/فال…): drop that
     conjunction from query words. */
  function processTerm(term) {
    return term.replace(/(^|\s)[\u0648\u0641](?=\u0627\u0644)/g, "$1")
  }

  /* Nor does it strip the one-letter prefixes ل، ك، ب، و، ف before a word without ال
     (لسراقب، كسراقب), and the other languages' indexes (Arabic names in them are not
     stemmed) strip none. A query is also searched with them taken off its words of four
     letters or more (للـ made الـ): a word that merely starts with one of those letters
     (لبنان) is still found by the query as typed, and the two answers are merged. */
  var LIL = /(^|\s)\u0644\u0644(?=[\u0621-\u064A]{2,})/g
  var PREFIXED = /(^|\s)[\u0644\u0643\u0628\u0648\u0641](?=[\u0621-\u064A]{3,})/g
  function variants(term) {
    var bare = term.replace(LIL, "$1\u0627\u0644").replace(PREFIXED, "$1")
    return bare !== term ? [term, bare] : [term]
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) { return key in values ? values[key] : all })
  }

  async function search(query) {
    var generation = ++shown.generation
    var term = processTerm(query.trim())
    if (!term) {
      show([], query, generation)
      status.textContent = ""
      return
    }
    var loaded = await load()
    var terms = variants(term)
    var found = await loaded.pagefind.debouncedSearch(terms[0], {}, 250)
    if (found === null || generation !== shown.generation) return  // a newer query runs
    var all = found.results, records = new Set()
    for (var i = 0; i < terms.length; i++) {
      if (i > 0) all = all.concat((await loaded.pagefind.search(terms[i])).results)
      var kept = await loaded.pagefind.search(terms[i], { filters: { kind: "record" } })
      kept.results.forEach(function (r) { records.add(r.id) })
      if (generation !== shown.generation) return
    }
    /* records (events, places, actors, sources) first, each group by Pagefind's score */
    all.sort(function (a, b) { return (records.has(b.id) - records.has(a.id)) || (b.score - a.score) })
    var seen = new Set()
    var results = all.filter(function (r) {
      if (loaded.hidden.has(r.id) || seen.has(r.id)) return false  // stale, or in both bundles
      seen.add(r.id)
      return true
    })
    if (results.length <= VERIFY_AT_MOST) {
      results = await verified(results, terms)
      if (generation !== shown.generation) return
    }
    show(results, query.trim(), generation)
  }

  /* A stemmer may cut a name down to a stem that other words share (Turkish "Hama" to "ha",
     which "hava", "halk", "hafta" start with). Up to VERIFY_AT_MOST results, each page's
     text is read and kept only if, for every word of the query (as typed or without its
     prefixes), it has a word that starts with the shorter of the two, or with all but its
     last letter when that is six letters or more ("saldırıları"/"saldırı", "Hama"/"Hama'nın",
     "attacks"/"attacked"; not "Hama"/"hava", "Hama"/"hamle"). */
  var VERIFY_AT_MOST = 100
  async function verified(results, terms) {
    var pages = await Promise.all(results.map(function (r) { return r.data() }))
    var queries = terms.map(function (t) { return tokens(t) })
    return results.filter(function (r, i) {
      var found = tokens(pages[i].content)
      return queries.some(function (query) {
        return query.every(function (q) { return found.some(function (w) { return near(q, w) }) })
      })
    }).map(function (r, i) {
      var page = pages[results.indexOf(r)]
      return { id: r.id, score: r.score, data: function () { return Promise.resolve(page) } }
    })
  }

  function near(a, b) {
    var n = Math.min(a.length, b.length), same = 0
    while (same < n && a[same] === b[same]) same++
    return same > 0 && same >= n - (n >= 6 ? 1 : 0)  // short words (names) must match whole
  }

  /* Words compared without case, accents, Arabic diacritics or hamza on the alef. */
  function tokens(text) {
    return text.toLocaleLowerCase(lang).normalize("NFKD")
      .replace(/[\u0300-\u036f\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625]/g, "\u0627").replace(/\u0649/g, "\u064A")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  }

  function show(results, query, generation) {
    shown.results = results
    shown.count = 0
    list.replaceChildren()
    more.hidden = true
    list.setAttribute("aria-busy", "true")
    var values = { num: numbers.format(results.length), query: query }
    var count = words.count[plurals.select(results.length)] || words.count.other
    status.textContent = results.length ? fill(count, values) : query ? fill(words.none, values) : ""
    return showMore(generation)
  }

  async function showMore(generation) {
    var batch = shown.results.slice(shown.count, shown.count + PAGE)
    shown.count += batch.length
    more.disabled = true
    list.setAttribute("aria-busy", "true")
    var pages = await Promise.all(batch.map(function (r) { return r.data() }))
    if (generation !== shown.generation) return
    pages.forEach(function (page) { list.append(result(page)) })
    more.disabled = false
    more.hidden = shown.count >= shown.results.length
    list.removeAttribute("aria-busy")
  }

  function result(page) {
    var item = element("li", "sg-search__result")
    var title = element("a", "sg-search__title", page.meta.title || page.url)
    title.href = page.url
    title.dir = "auto"  /* content text: isolated, its direction from its first strong letter */
    item.append(title, excerpt(page.excerpt))
    var subs = subResults(page)
    if (subs.length) {
      var nested = element("ul", "sg-search__subs")
      subs.forEach(function (sub) {
        var entry = element("li", "sg-search__sub")
        var link = element("a", "sg-search__title", sub.title)
        link.href = sub.url
        link.dir = "auto"
        entry.append(link, excerpt(sub.excerpt))
        nested.append(entry)
      })
      item.append(nested)
    }
    return item
  }

  /* The headings with the most hits, in page order; not the part before the first one, nor
     a heading that only repeats the result (its title, or the excerpt shown already). */
  function subResults(page) {
    var subs = page.sub_results || []
    if (subs.length && subs[0].url === (page.meta.url || page.url)) subs = subs.slice(1)
    var title = (page.meta.title || "").trim(), said = text(page.excerpt)
    subs = subs.filter(function (s) { return s.title.trim() !== title && text(s.excerpt) !== said })
    if (subs.length <= SUB_RESULTS) return subs
    var best = subs.slice().sort(function (a, b) { return b.locations.length - a.locations.length })
      .slice(0, SUB_RESULTS).map(function (s) { return s.url })
    return subs.filter(function (s) { return best.indexOf(s.url) >= 0 })
  }

  /* Pagefind's excerpt is the page's text with "<" and ">" escaped and the hits in <mark>.
     It is parsed inert, and only its text and <mark> elements are kept. */
  function excerpt(html) {
    var parsed = document.createElement("template")
    parsed.innerHTML = html || ""
    var p = element("p", "sg-search__excerpt")
    p.dir = "auto"
    parsed.content.childNodes.forEach(function (node) {
      var mark = node.nodeName === "MARK"
      p.append(mark ? element("mark", "", node.textContent) : document.createTextNode(node.textContent))
    })
    return p
  }

  function text(html) {
    var parsed = document.createElement("template")
    parsed.innerHTML = html || ""
    return parsed.content.textContent.trim()
  }

  function element(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  function open() {
    if (!dialog.open) dialog.showModal()
    input.focus()
    input.select()
    if (location.protocol === "file:") {  // a page on disk may not fetch the index
      input.disabled = true
      status.textContent = words.offline
      return
    }
    load()  // fetch the index while the reader types
  }

  input.addEventListener("input", function () { search(input.value) })
  input.addEventListener("keydown", function (ev) {  // Enter opens the first result
    var first = list.querySelector(".sg-search__result > a")
    if (ev.key === "Enter" && first) {
      ev.preventDefault()
      location.href = first.href
    }
  })
  more.addEventListener("click", function () { showMore(shown.generation) })
  dialog.addEventListener("click", function (ev) { if (ev.target === dialog) dialog.close() })
  if (close) close.addEventListener("click", function () { dialog.close() })

  /* header button (Material's search plugin is off, so Material renders none) */
  var button = element("button", "md-header__button md-icon")
  button.id = "pf-open"
  button.type = "button"
  button.setAttribute("aria-label", dialog.getAttribute("aria-label"))
  button.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>'
  button.addEventListener("click", open)
  var openers = document.querySelectorAll("[data-sg-open-search]")  /* e.g. the 404 page's button */
  for (var o = 0; o < openers.length; o++) openers[o].addEventListener("click", open)
  var header = document.querySelector(".md-header__inner")
  if (header) header.insertBefore(button, header.querySelector(".md-header__source"))
  document.addEventListener("keydown", function (ev) {
    var t = ev.target
    if (ev.key === "/" && !dialog.open && !(t.isContentEditable || /input|textarea|select/i.test(t.tagName))) {
      ev.preventDefault()
      open()
    }
  })

  /* for the Browse page's words (templates/assets/browse.js): the same engine, read the same way */
  window.sgSearch = { load: load, processTerm: processTerm, variants: variants }
})()
