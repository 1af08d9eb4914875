/* The Browse page (templates/browse.md.j2).
 *
 * Event pages carry their facet values with stable ids as values (sitegen/pages/facets.py), the
 * same in every language; the page's checkboxes carry those ids and the page's own labels.
 * Every choice narrows the list (AND, within a facet too); the number beside a value is the
 * count of the events that would remain with it. The choices and the words are kept in the
 * address (?q=...&type=...&place=...), so a view can be shared and is restored on load, in
 * any language.
 *
 * A view is counted and listed from the build's own `browse.json` (each value's events,
 * numbered in the site's order) and the one or two `browse-NN.json` files holding the links
 * and titles of the results shown. A view without words loads nothing of the search bundle.
 * A view with words runs the words (as the search box reads them: processTerm, variants)
 * through Pagefind without filters, so that only the word index's chunks load (Pagefind's
 * filter counts would need every filter chunk), drops the hidden results as the search box
 * does, and turns the result ids into event numbers with `browse-ids.json`
 * (sitegen.pages.facets.result_ids): the events found, narrowed and counted by the choices
 * as a view without words is. */
(function () {
  "use strict"
  var box = document.getElementById("sg-browse")
  if (!box) return
  var dialog = document.getElementById("pf-dialog")
  var root = new URL(dialog ? dialog.dataset.root : "../", location.href)
  var words = JSON.parse(document.getElementById("sg-browse-words").textContent)
  var lang = document.documentElement.lang || "en"
  var plurals = new Intl.PluralRules(lang)
  var numbers = new Intl.NumberFormat(lang, { numberingSystem: "latn" })
  var form = box.querySelector("form")
  var query = document.getElementById("sg-browse-q")
  var status = document.getElementById("sg-browse-status")
  var list = document.getElementById("sg-browse-list")
  var more = document.getElementById("sg-browse-more")
  var keys = box.dataset.keys.split(" ")
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"))
  var PAGE = 20  // results shown at once; "load more" shows the next ones
  var dataUrl = new URL(box.dataset.data, location.href)
  var idsUrl = new URL(box.dataset.ids, location.href)
  var own = null, generation = 0, shown = { results: [], count: 0, own: false }, timer = null
  var table = null  // browse-ids.json, for a view with words

  inputs.forEach(function (input) {  // each value's count, beside its label
    var count = document.createElement("span")
    count.className = "sg-browse__n"
    input.labels[0].append(" ", count)
  })
  document.getElementById("sg-browse-noscript").hidden = true
  box.hidden = false

  /* The search box's engine (templates/assets/search.js: the main bundle, its parts and the
     delta merged once, the hidden ids), shared, so that one Pagefind is loaded and merged on
     this page whichever searches first; search.js runs after this script, so it is asked for
     once the page is parsed. */
  var parsed = new Promise(function (resolve) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve)
    else resolve()
  })
  function load() {
    return parsed.then(function () {
      if (!window.sgSearch) throw new Error("the search box's script is missing")
      return window.sgSearch.load()
    })
  }

  /* browse.json: each facet value's events as a sorted array of event numbers */
  function loadOwn() {
    if (!own) {
      own = fetch(dataUrl).then(function (r) {
        if (!r.ok) throw new Error(r.status)
        return r.json()
      }).then(function (raw) {
        var values = {}
        Object.keys(raw.values).forEach(function (key) {
          values[key] = {}
          Object.keys(raw.values[key]).forEach(function (value) { values[key][value] = expand(raw.values[key][value]) })
        })
        return { n: raw.events, size: raw.size, values: values, chunks: {} }
      })
      own.catch(function () { own = null })
    }
    return own
  }

  /* browse-ids.json: Pagefind result id -> event number (an event's ids, hidden ones left out) */
  function loadIds() {
    if (!table) {
      table = fetch(idsUrl).then(function (r) {
        if (!r.ok) throw new Error(r.status)
        return r.json()
      }).then(function (raw) {
        var numbers = new Map()
        raw.ids.forEach(function (ids, number) {
          ids.split(" ").forEach(function (id) { if (id) numbers.set(id, number) })
        })
        return numbers
      })
      table.catch(function () { table = null })
    }
    return table
  }

  /* "0.2 4 1.1" -> [0, 1, 2, 7, 9, 10]: base-36 runs, each the numbers skipped before it,
     then "." and its length less one when longer than one (sitegen.pages.facets.runs) */
  function expand(text) {
    var numbers = [], last = -1
    text.split(" ").forEach(function (token) {
      if (!token) return
      var dot = token.indexOf(".")
      var start = last + 1 + parseInt(dot < 0 ? token : token.slice(0, dot), 36)
      var length = dot < 0 ? 1 : parseInt(token.slice(dot + 1), 36) + 1
      for (var i = 0; i < length; i++) numbers.push(start + i)
      last = start + length - 1
    })
    return numbers
  }

  /* The events of a view (the numbers of those with every chosen value, and among `found`
     when given: a mark per event number) and each value's count among them, as Pagefind
     counts its filters. */
  function ownSearch(data, view, found) {
    var inside = found ? Uint8Array.from(found) : new Uint8Array(data.n).fill(1)
    Object.keys(view.values).forEach(function (key) {
      view.values[key].forEach(function (value) {
        var mark = new Uint8Array(data.n)
        ;((data.values[key] || {})[value] || []).forEach(function (number) { mark[number] = 1 })
        for (var i = 0; i < data.n; i++) inside[i] &= mark[i]
      })
    })
    var counts = {}
    Object.keys(data.values).forEach(function (key) {
      counts[key] = {}
      Object.keys(data.values[key]).forEach(function (value) {
        var n = 0
        data.values[key][value].forEach(function (number) { n += inside[number] })
        counts[key][value] = n
      })
    })
    var results = []
    for (var i = 0; i < data.n; i++) if (inside[i]) results.push(i)
    return { results: results, counts: counts }
  }

  /* The link and title of each of `numbers`, from the browse-NN.json files holding them */
  async function titles(data, numbers) {
    var chunks = []
    numbers.forEach(function (number) {
      var chunk = Math.floor(number / data.size)
      if (chunks.indexOf(chunk) < 0) chunks.push(chunk)
    })
    await Promise.all(chunks.map(function (chunk) {
      if (!data.chunks[chunk]) {
        var name = "browse-" + (chunk < 10 ? "0" : "") + chunk + ".json"
        data.chunks[chunk] = fetch(new URL(name, dataUrl)).then(function (r) {
          if (!r.ok) throw new Error(r.status)
          return r.json()
        })
        data.chunks[chunk].catch(function () { delete data.chunks[chunk] })
      }
      return data.chunks[chunk]
    }))
    return Promise.all(numbers.map(async function (number) {
      var item = (await data.chunks[Math.floor(number / data.size)])[number % data.size]
      return { url: new URL(item[0], location.href).pathname, title: item[1], lang: item[2] }
    }))
  }

  /* The view: the words and each facet's chosen values, from the form or the address. */
  function chosen() {
    var view = { q: query.value.trim(), values: {} }
    inputs.forEach(function (input) {
      if (!input.checked) return
      var values = view.values[input.name] = view.values[input.name] || []
      if (values.indexOf(input.value) < 0) values.push(input.value)
    })
    return view
  }

  function toAddress(view) {
    var params = new URLSearchParams()
    if (view.q) params.set("q", view.q)
    keys.forEach(function (key) {
      (view.values[key] || []).slice().sort().forEach(function (value) { params.append(key, value) })
    })
    var search = params.toString()
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash)
    /* the language selector opens the same view: the ids are the same in every language */
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (link) {
      var target = new URL(link.href)
      target.search = search ? "?" + search : ""
      link.href = target.href
    })
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search)
    query.value = params.get("q") || ""
    inputs.forEach(function (input) { input.checked = params.getAll(input.name).indexOf(input.value) >= 0 })
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) { return key in values ? values[key] : all })
  }

  async function update() {
    var mine = ++generation
    var view = chosen()
    toAddress(view)
    box.setAttribute("aria-busy", "true")
    var found
    try {
      found = view.q ? await searchWords(view, mine) : await searchOwn(view)
    } catch (err) {
      status.textContent = words.failed
      box.removeAttribute("aria-busy")
      return
    }
    if (!found || mine !== generation) return  // a newer view is on its way
    showCounts(found.counts)
    shown = { results: found.results, count: 0, own: found.own }
    list.replaceChildren()
    var n = found.results.length
    status.textContent = n ? fill(words.count[plurals.select(n)] || words.count.other, { num: numbers.format(n) }) : words.none
    await showMore(mine)
    box.removeAttribute("aria-busy")
  }

  async function searchOwn(view) {
    var data = await loadOwn()
    var found = ownSearch(data, view)
    return { results: found.results, counts: found.counts, own: data }
  }

  /* The events whose page Pagefind finds for the words (any of their variants), but the
     hidden old versions of changed pages, narrowed and counted by the choices. */
  async function searchWords(view, mine) {
    var loaded = await Promise.all([load(), loadOwn(), loadIds()])
    var index = loaded[0], data = loaded[1], numbers = loaded[2]
    var found = new Uint8Array(data.n)
    var term = window.sgSearch.processTerm(view.q)
    var terms = term ? window.sgSearch.variants(term) : []
    for (var i = 0; i < terms.length; i++) {
      var answer = await index.pagefind.search(terms[i])
      if (mine !== generation) return null
      answer.results.forEach(function (r) {
        var number = numbers.get(r.id)  // none for a page that is not an event
        if (!index.hidden.has(r.id) && number !== undefined && number < data.n) found[number] = 1
      })
    }
    var own = ownSearch(data, view, found)
    return { results: own.results, counts: own.counts, own: data }
  }

  /* Each value's count; a value no event would remain with is hidden (unless chosen), and
     the values inside a value (sub-types, months, places, parts) show once it is chosen,
     or when it is the only value at its level. */
  function showCounts(counts) {
    inputs.forEach(function (input) {
      var n = (counts[input.name] || {})[input.value] || 0
      var item = input.parentElement
      item.querySelector(".sg-browse__n").textContent = "(" + numbers.format(n) + ")"
      item.dataset.count = String(n)
      item.hidden = n === 0 && !input.checked
    })
    inputs.forEach(function (input) {
      var item = input.parentElement, inside = item.querySelector(":scope > ul")
      if (!inside) return
      var alone = Array.prototype.filter.call(item.parentElement.children, function (li) { return !li.hidden }).length === 1
      inside.hidden = !(input.checked || alone)
    })
  }

  async function showMore(mine) {
    var batch = shown.results.slice(shown.count, shown.count + PAGE)
    shown.count += batch.length
    more.disabled = true
    list.setAttribute("aria-busy", "true")
    var pages
    try {
      pages = await titles(shown.own, batch)
    } catch (err) {
      if (mine === generation) status.textContent = words.failed
      list.removeAttribute("aria-busy")
      return
    }
    if (mine !== generation) return
    pages.forEach(function (page) {
      var item = document.createElement("li")
      var link = document.createElement("a")
      link.href = page.url
      link.dir = "auto"  /* a content text: its direction from its first strong letter */
      if (page.lang) link.lang = page.lang
      link.textContent = page.title || page.url
      item.append(link)
      list.append(item)
    })
    more.disabled = false
    more.hidden = shown.count >= shown.results.length
    download.hidden = !shown.results.length
    list.removeAttribute("aria-busy")
  }

  form.addEventListener("change", function (event) {
    var input = event.target
    if (input.type === "checkbox") {  // an actor part of two others is listed under both
      inputs.forEach(function (other) {
        if (other.name === input.name && other.value === input.value) other.checked = input.checked
      })
    }
    if (input !== query) update()
  })
  query.addEventListener("input", function () {
    clearTimeout(timer)
    timer = setTimeout(update, 250)
  })
  form.addEventListener("submit", function (event) { event.preventDefault(); update() })
  form.addEventListener("reset", function () { setTimeout(update, 0) })
  more.addEventListener("click", function () { showMore(generation) })

  /* "Download these events": the view's rows of the site's events.csv (sitegen/exports/files.py),
     byte for byte under its header, in the view's order, as a file. The view's events are
     named by their pages' links (browse-NN.json); an event events.csv leaves out (ACLED's)
     is left out here too. */
  var download = document.getElementById("sg-browse-download")
  var csvButton = document.getElementById("sg-browse-csv")
  var csvUrl = new URL(csvButton.dataset.csv, location.href)
  var csvText = null

  /* RFC 4180 records (each with its line end), split where a line end is outside quotes: a
     doubled quote inside a quoted field toggles twice and so changes nothing. */
  function csvRecords(text) {
    var records = [], start = 0, quoted = false
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i)
      if (c === 34) quoted = !quoted
      else if (c === 10 && !quoted) { records.push(text.slice(start, i + 1)); start = i + 1 }
    }
    if (start < text.length) records.push(text.slice(start))
    return records
  }

  function firstField(record) {
    if (record.charAt(0) !== '"') return record.split(/[,\r\n]/, 1)[0]
    var match = /^"((?:[^"]|"")*)"/.exec(record)
    return match ? match[1].replace(/""/g, '"') : ""
  }

  csvButton.addEventListener("click", async function () {
    var mine = generation, numbers = shown.results.slice()
    csvButton.disabled = true
    try {
      if (!csvText) {
        csvText = fetch(csvUrl).then(function (r) {
          if (!r.ok) throw new Error(r.status)
          return r.text()
        })
        csvText.catch(function () { csvText = null })
      }
      var loaded = await Promise.all([csvText, titles(shown.own, numbers)])
      var records = csvRecords(loaded[0])
      var rows = new Map()
      records.slice(1).forEach(function (record) { rows.set(firstField(record), record) })
      var out = [records[0]]
      loaded[1].forEach(function (page) {
        var parts = page.url.split("/").filter(Boolean)
        var row = rows.get(decodeURIComponent(parts[parts.length - 1]))
        if (row !== undefined) out.push(row)
      })
      if (mine !== generation) return
      var link = document.createElement("a")
      link.href = URL.createObjectURL(new Blob(out, { type: "text/csv;charset=utf-8" }))
      link.download = "events-view.csv"
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(function () { URL.revokeObjectURL(link.href) }, 60000)
    } catch (err) {
      status.textContent = words.failed
    } finally {
      csvButton.disabled = false
    }
  })

  fromAddress()
  update()
})()
