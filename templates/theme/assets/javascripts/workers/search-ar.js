/* Arabic/Turkish-aware wrapper around Material for MkDocs' lunr search worker.
 * - normalizes Arabic (diacritics, tatweel, alef/hamza forms, ى, ة) and Latin/Turkish (case, İ/ı, accents)
 * - light prefix stemming (و ف + ب ك ل + ال / لل), symmetric on index + query
 * Must live in assets/javascripts/workers/ so the original worker's
 * relative "../lunr" paths still resolve. */
(function () {
  /* Fold case + marks: NFD then drop all combining marks. This removes Arabic
   * harakat/shadda/sukun/superscript alef, turns آ أ إ -> ا, ؤ -> و, ئ -> ي
   * (hamza/madda are combining marks after NFD), and for Turkish/Latin turns
   * İ/ı/ş/ğ/ç/ö/ü into i/i/s/g/c/o/u, so "istanbul", "isik" match "İstanbul", "Işık". */
  function norm(s) {
    return s.toLowerCase()
      .normalize("NFD").replace(/\p{M}/gu, "")
      .replace(/\u0131/g, "i")                           // ı -> i
      .replace(/\u0640/g, "")                            // tatweel
      .replace(/\u0671/g, "\u0627")                      // ٱ -> ا
      .replace(/\u0649/g, "\u064A")                      // ى -> ي
      .replace(/\u0629/g, "\u0647")                      // ة -> ه
  }
  // strip conjunction (و ف), preposition (ب ك ل) and article (ال), keep >= 3 letters
  var PREFIX = /^(?:[وف]?(?:[بك]?ال|لل)|[وف]?[بكل]|[وف])(?=[\u0621-\u064A]{3,}$)/
  function stem(s) { return /^[\u0621-\u064A]+$/.test(s) ? s.replace(PREFIX, "") : s }
  self.__arSearch = { norm: norm, stem: stem }

  /* Rewrite queries before the original handler sees them. The original
   * registers its handler via the global addEventListener during import. */
  var add = self.addEventListener
  self.addEventListener = function (type, fn, opts) {
    if (type === "message") {
      var inner = fn
      fn = function (ev) {
        var msg = ev.data
        if (msg && msg.type === 2 && typeof msg.data === "string")  // QUERY
          msg = { type: 2, data: norm(msg.data)
            .replace(/[\u060C\u061B\u061F\u06D4]/g, " ")         // ، ؛ ؟ ۔
            .replace(/[\u0621-\u064A]+/g, stem) }
        return inner.call(this, { data: msg })
      }
    }
    return add.call(self, type, fn, opts)
  }

  importScripts(new URL(self.location.href).searchParams.get("w"))

  /* Index side: add normalizing/stemming function to each index pipeline */
  var lunr = self.lunr
  function arabic(token) {
    var n = norm(token.toString()), s = stem(n)
    token.update(function () { return n })
    return s !== n ? [token, token.clone(function () { return s })] : token
  }
  lunr.Pipeline.registerFunction(arabic, "arabic")
  var builderAdd = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function (doc, attrs) {
    if (!this.__ar) { this.__ar = true; this.pipeline.add(arabic) }
    return builderAdd.call(this, doc, attrs)
  }
})()
