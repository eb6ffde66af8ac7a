/* samnett HTML report: the page (header, i18n, controls, filters, findings,
 * tooltip, test hooks). Runs last, on DOMContentLoaded. Every string from the
 * data goes into the page as text. */
(function () {
  'use strict';

  var errors = [];
  var hooks = {
    ready: false,
    state: function () { return { level: null, window: null, drawnNodes: 0, drawnTies: 0, highlighted: [], errors: errors.slice() }; }
  };
  window.samnett = hooks;
  function recordError(msg) {
    errors.push(String(msg));
  }
  window.addEventListener('error', function (e) {
    recordError((e && e.message) || 'error');
  });
  window.addEventListener('unhandledrejection', function (e) {
    recordError('unhandled rejection: ' + (e && e.reason && (e.reason.message || e.reason)));
  });

  var DICT = {
    en: {
      title: 'samnett: network report',
      lead: 'Who works with whom across health and care services: the contact network, its patterns, and what the lenses found.',
      nav_map: 'Network map', nav_findings: 'Findings', nav_charts: 'Charts',
      meta_heading: 'What was analysed',
      m_inputs: 'Input', m_period: 'Period', m_actors: 'Actors', m_contacts: 'Contacts', m_contact_rows: 'Contact rows',
      m_rejected: 'Rejected rows', m_checksums: 'Files and checksums', m_bytes: 'bytes', m_no_checksum: 'standard input or a pipe: no checksum', m_time_zone: 'Time zone', m_self_contacts: 'Self contacts', m_ties_input: 'Tie table', m_ties_unavailable: 'Not computed from a tie table', m_network: 'Network', m_filters: 'Filters',
      m_level: 'Level', m_tie_weight: 'Tie weight', m_windows: 'Windows', m_version: 'samnett version', m_command: 'Command',
      m_nodes_ties: '{n} nodes, {m} ties', m_density: 'density {d}', m_none: 'none',
      f_since: 'from', f_until: 'until', f_channels: 'channels', f_min_contacts: 'at least {n} contacts per tie',
      map_heading: 'Network map',
      map_hint: 'Drag to move, scroll to zoom, point at a node for details. Node size and colour, filters and the time window are set below and to the right.',
      level: 'Level', size_by: 'Size by', colour_by: 'Colour by', search: 'Find', search_placeholder: 'id or name, then Enter',
      reset_view: 'Reset view', window: 'Time window', all_windows: 'all windows', play: 'Play', pause: 'Pause',
      legend: 'Colours', organisations: 'Organisations', types: 'Actor types', channels: 'Channels',
      all: 'all', none: 'none', filter_list: 'filter the list', others: 'others ({n})', no_org: 'no organisation', no_type: 'no type',
      lvl_actor: 'actors', lvl_unit: 'units', lvl_organisation: 'organisations',
      col_organisation: 'organisation', col_type: 'actor type',
      map_empty: 'There are no nodes to draw.', map_filtered: 'All nodes are hidden by the filters.',
      map_stats: '{n} nodes, {m} ties drawn', matches: '{n} found', no_match: 'nothing found',
      map_failed: 'The map could not be drawn.',
      tt_id: 'id', tt_name: 'name', tt_org: 'organisation', tt_unit: 'unit', tt_type: 'type', tt_members: 'members',
      tt_lenses: 'lens findings', tt_more: '… and {n} more',
      degree: 'degree (in + out)', degree_in: 'in-degree', degree_out: 'out-degree', strength_in: 'in-strength',
      strength_out: 'out-strength', betweenness: 'betweenness', closeness: 'closeness', harmonic: 'harmonic closeness',
      reachable: 'reachable', pagerank: 'PageRank', eigenvector: 'eigenvector', hub: 'hub score', authority: 'authority score',
      constraint: 'constraint', effective_size: 'effective size', efficiency: 'efficiency', members: 'members',
      findings_heading: 'Findings',
      findings_hint: 'Each card is one finding of a lens. Click a card to show its actors on the map; click again to clear.',
      no_findings: 'No lens findings in this report.',
      findings_count: '{n} findings', show_all: 'Show all ({n})', show_fewer: 'Show fewer',
      whole_network: 'the whole network', scope: 'Scope', source: 'Source', uncertainty: 'Uncertainty',
      reason: 'Not tested', p: 'p', p_adjusted: 'p adjusted', effect: 'effect', tests: 'tests',
      lv_network: 'network', lv_group: 'group', lv_actor: 'actor',
      not_drawn: 'its actors are not drawn with the current filters',
      charts_heading: 'Charts', charts_failed: 'The charts could not be drawn.', charts_missing: 'Charts are not available in this report.',
      footer: 'Made with samnett {v}. The report works offline; nothing is sent anywhere.',
      ty_hospital_unit: 'hospital unit', ty_municipality: 'municipality', ty_gp: 'GP', ty_coordinator: 'coordinator',
      ty_nav: 'NAV', ty_relative: 'relative', ty_user: 'service user', ty_other: 'other',
      ch_e_message: 'e-message', ch_phone: 'phone', ch_meeting: 'meeting', ch_video: 'video', ch_referral: 'referral',
      ch_discharge: 'discharge', ch_visit: 'visit', ch_job_shadowing: 'job shadowing', ch_other: 'other',
      tw_contacts: 'contacts',
      privacy_shared: 'Shared report (privacy profile "shared"): actors are pseudonymised and names left out; counts below {k} are shown as "<{k}"; {n} ties with fewer than {k} contacts are left out of the map and the exported networks.',
      privacy_min_cell: 'Counts below {k} are shown as "<{k}" (small-cell rule).',
      privacy_reid: ' Re-identification check: {u} of {n} actors are the only one of their type, organisation and degree band{c}.',
      privacy_reid_coarse: '; the degrees shown are coarsened',
      privacy_personal: ' Pseudonymised data is still personal data (not anonymised).'
    },
    nb: {
      title: 'samnett: nettverksrapport',
      lead: 'Hvem som samarbeider med hvem på tvers av helse- og omsorgstjenestene: kontaktnettverket, mønstrene i det og hva linsene fant.',
      nav_map: 'Nettverkskart', nav_findings: 'Funn', nav_charts: 'Diagrammer',
      meta_heading: 'Hva som ble analysert',
      m_inputs: 'Kilder', m_period: 'Periode', m_actors: 'Aktører', m_contacts: 'Kontakter', m_contact_rows: 'Kontaktrader',
      m_rejected: 'Avviste rader', m_checksums: 'Filer og sjekksummer', m_bytes: 'byte', m_no_checksum: 'standard inn eller rør: ingen sjekksum', m_time_zone: 'Tidssone', m_self_contacts: 'Kontakter med seg selv', m_ties_input: 'Båndtabell', m_ties_unavailable: 'Ikke beregnet fra en båndtabell', m_network: 'Nettverk', m_filters: 'Utvalg',
      m_level: 'Nivå', m_tie_weight: 'Vekt på bånd', m_windows: 'Tidsvinduer', m_version: 'samnett-versjon', m_command: 'Kommando',
      m_nodes_ties: '{n} noder, {m} bånd', m_density: 'tetthet {d}', m_none: 'ingen',
      f_since: 'fra', f_until: 'til', f_channels: 'kanaler', f_min_contacts: 'minst {n} kontakter per bånd',
      map_heading: 'Nettverkskart',
      map_hint: 'Dra for å flytte, rull for å zoome, pek på en node for detaljer. Størrelse og farge, utvalg og tidsvindu velges over og til høyre.',
      level: 'Nivå', size_by: 'Størrelse etter', colour_by: 'Farge etter', search: 'Finn', search_placeholder: 'id eller navn, så Enter',
      reset_view: 'Tilbakestill', window: 'Tidsvindu', all_windows: 'alle vinduer', play: 'Spill av', pause: 'Pause',
      legend: 'Farger', organisations: 'Organisasjoner', types: 'Aktørtyper', channels: 'Kanaler',
      all: 'alle', none: 'ingen', filter_list: 'filtrer listen', others: 'andre ({n})', no_org: 'uten organisasjon', no_type: 'uten type',
      lvl_actor: 'aktører', lvl_unit: 'enheter', lvl_organisation: 'organisasjoner',
      col_organisation: 'organisasjon', col_type: 'aktørtype',
      map_empty: 'Det er ingen noder å tegne.', map_filtered: 'Alle noder er skjult av utvalget.',
      map_stats: '{n} noder, {m} bånd tegnet', matches: '{n} treff', no_match: 'ingen treff',
      map_failed: 'Kartet kunne ikke tegnes.',
      tt_id: 'id', tt_name: 'navn', tt_org: 'organisasjon', tt_unit: 'enhet', tt_type: 'type', tt_members: 'medlemmer',
      tt_lenses: 'funn fra linsene', tt_more: '… og {n} til',
      degree: 'grad (inn + ut)', degree_in: 'inngrad', degree_out: 'utgrad', strength_in: 'innstyrke',
      strength_out: 'utstyrke', betweenness: 'mellomhet', closeness: 'nærhet', harmonic: 'harmonisk nærhet',
      reachable: 'nåbare', pagerank: 'PageRank', eigenvector: 'egenvektor', hub: 'hub-verdi', authority: 'autoritet',
      constraint: 'begrensning (constraint)', effective_size: 'effektiv størrelse', efficiency: 'effektivitet', members: 'medlemmer',
      findings_heading: 'Funn',
      findings_hint: 'Hvert kort er ett funn fra en linse. Klikk på et kort for å vise aktørene i kartet; klikk igjen for å fjerne.',
      no_findings: 'Rapporten har ingen funn fra linsene.',
      findings_count: '{n} funn', show_all: 'Vis alle ({n})', show_fewer: 'Vis færre',
      whole_network: 'nettverket som helhet', scope: 'Gjelder', source: 'Kilde', uncertainty: 'Usikkerhet',
      reason: 'Ikke testet', p: 'p', p_adjusted: 'justert p', effect: 'effekt', tests: 'tester',
      lv_network: 'nettverk', lv_group: 'gruppe', lv_actor: 'aktør',
      not_drawn: 'aktørene er ikke tegnet med gjeldende utvalg',
      charts_heading: 'Diagrammer', charts_failed: 'Diagrammene kunne ikke tegnes.', charts_missing: 'Rapporten har ingen diagrammer.',
      footer: 'Laget med samnett {v}. Rapporten virker uten nett; ingenting sendes noe sted.',
      ty_hospital_unit: 'sykehusenhet', ty_municipality: 'kommune', ty_gp: 'fastlege', ty_coordinator: 'koordinator',
      ty_nav: 'NAV', ty_relative: 'pårørende', ty_user: 'bruker', ty_other: 'annet',
      ch_e_message: 'e-melding', ch_phone: 'telefon', ch_meeting: 'møte', ch_video: 'video', ch_referral: 'henvisning',
      ch_discharge: 'utskrivning', ch_visit: 'besøk', ch_job_shadowing: 'hospitering', ch_other: 'annet',
      tw_contacts: 'kontakter',
      privacy_shared: 'Delt rapport (personvernprofil «shared»): aktørene er pseudonymisert og navn utelatt; antall under {k} vises som «<{k}»; {n} bånd med færre enn {k} kontakter er utelatt fra kartet og de eksporterte nettverkene.',
      privacy_min_cell: 'Antall under {k} vises som «<{k}» (regelen om små celler).',
      privacy_reid: ' Reidentifisering: {u} av {n} aktører er alene om sin type, organisasjon og gradintervall{c}.',
      privacy_reid_coarse: '; gradene vises grovere',
      privacy_personal: ' Pseudonymiserte data er fortsatt personopplysninger (ikke anonymisert).'
    }
  };

  var lang = 'nb';
  function t(key, vars) {
    var d = DICT[lang] || DICT.en;
    var s = Object.prototype.hasOwnProperty.call(d, key) ? d[key]
      : Object.prototype.hasOwnProperty.call(DICT.en, key) ? DICT.en[key] : key;
    if (vars) s = s.replace(/\{(\w+)\}/g, function (_, k) { return vars[k] == null ? '' : vars[k]; });
    return s;
  }
  function keyed(prefix, value) {
    var k = prefix + String(value).replace(/[^A-Za-z0-9]/g, '_');
    var s = t(k);
    return s === k ? String(value) : s;
  }

  /* ---- formatting ---- */
  var fmtLocale;
  function fmt(v, spec) {
    if (v == null || typeof v !== 'number' || !isFinite(v)) return '–';
    try { return fmtLocale.format(spec || ',.3~g')(v); } catch (e) { return String(v); }
  }
  /* K of the small-cell rule (report.privacy.min_cell; 0: none): a count it hid is null */
  var K = 0;
  function fmtInt(v) { return v == null && K ? '<' + K : fmt(v, ',d'); }
  /* a count the page works out itself (actors per organisation, nodes drawn): <K from 1 to K-1 */
  function fmtSmall(v) { return K && typeof v === 'number' && v > 0 && v < K ? '<' + K : fmtInt(v); }
  function fmtMeasure(name, v) {
    if (v == null) return K && /^degree|^strength|^reachable/.test(name) ? '<' + K : '–';
    if (/^degree|^reachable/.test(name) || (Math.abs(v) >= 1000 && Number.isInteger(v))) return fmtInt(v);
    return fmt(v, Math.abs(v) >= 1000 ? ',.0f' : ',.3~g');
  }
  function fmtP(p) {
    if (p == null) return '–';
    if (p < 0.001) return '< ' + fmt(0.001, '.3f');
    return fmt(p, '.3f');
  }
  function dateOnly(s) { return s == null ? '' : String(s).slice(0, 10); }

  /* ---- DOM helpers ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }
  function $(id) { return document.getElementById(id); }

  /* ---- state ---- */
  var DATA = null, M = null, mapApi = null;
  var findings = [];
  var actorFindings = null;   /* actor -> finding indices (via nodes) */
  var orgFindings = null;     /* org -> finding indices (via organisations) */
  var activeCard = null;

  function readData() {
    var s = $('samnett-data');
    if (!s) throw new Error('no samnett-data');
    return JSON.parse(s.textContent);
  }

  function applyStaticI18n() {
    document.querySelectorAll('[data-i18n]').forEach(function (e) { e.textContent = t(e.getAttribute('data-i18n')); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(function (e) { e.placeholder = t(e.getAttribute('data-i18n-placeholder')); });
    document.querySelectorAll('[data-i18n-label]').forEach(function (e) {
      e.setAttribute('aria-label', t(e.getAttribute('data-i18n-label')));
      e.title = t(e.getAttribute('data-i18n-label'));
    });
    $('search').placeholder = t('search_placeholder');
    document.title = t('title');
  }

  /* ---- header ---- */
  function buildMeta() {
    var dl = $('meta');
    var r = DATA.report || {};
    var inp = r.input || {}, net = r.network || {};
    function row(key, value) {
      if (value == null || value === '') return;
      var d = el('div', 'meta-row');
      d.appendChild(el('dt', null, t(key)));
      var dd = el('dd');
      if (Array.isArray(value)) value.forEach(function (v, i) {
        if (i) dd.appendChild(document.createTextNode(', '));
        dd.appendChild(el('span', 'meta-item', v));
      });
      else dd.textContent = value;
      d.appendChild(dd);
      dl.appendChild(d);
    }
    var src = inp.sources;
    if (Array.isArray(src) && src.length) row('m_inputs', src.map(String));
    var prov = r.provenance || {};
    if (Array.isArray(prov.inputs) && prov.inputs.length) {
      row('m_checksums', prov.inputs.map(function (f) {
        f = f || {};
        return String(f.file) + ': ' + (f.sha256 ? 'SHA-256 ' + f.sha256 + ' (' + fmtInt(f.bytes) + ' ' + t('m_bytes') + (f.compressed ? ', gzip' : '') + ')' : t('m_no_checksum'));
      }));
    }
    if (prov.time_zone) row('m_time_zone', String(prov.time_zone));
    if (inp.first_time || inp.last_time) row('m_period', dateOnly(inp.first_time) + ' – ' + dateOnly(inp.last_time));
    /* a count the small-cell rule hid is null with its KEY_suppressed: shown as <K */
    var shown = function (o, k) { return o[k] != null || o[k + '_suppressed'] === true; };
    if (shown(inp, 'actors')) row('m_actors', fmtInt(inp.actors));
    if (shown(inp, 'contacts')) row('m_contacts', fmtInt(inp.contacts));
    if (shown(inp, 'contact_rows')) row('m_contact_rows', fmtInt(inp.contact_rows));
    if (shown(inp, 'rejected')) row('m_rejected', fmtInt(inp.rejected));
    if (shown(inp, 'self_contacts')) row('m_self_contacts', fmtInt(inp.self_contacts));
    if (inp.kind === 'ties') {
      row('m_ties_input', fmtInt(inp.tie_rows) + ' × ' + String(inp.bucket));
      if (Array.isArray(inp.unavailable)) row('m_ties_unavailable', inp.unavailable.map(String));
    }
    if (shown(net, 'nodes') || shown(net, 'ties')) {
      var s = t('m_nodes_ties', { n: fmtInt(shown(net, 'nodes') ? net.nodes : 0), m: fmtInt(shown(net, 'ties') ? net.ties : 0) });
      if (typeof net.density === 'number') s += '; ' + t('m_density', { d: fmt(net.density, '.3~f') });
      row('m_network', s);
    }
    var level = net.level || (DATA.map && DATA.map.level);
    if (level) row('m_level', keyed('lvl_', level));
    var f = net.filters || {};
    if (f.tie_weight) row('m_tie_weight', keyed('tw_', f.tie_weight));
    var parts = [];
    if (f.since) parts.push(t('f_since') + ' ' + dateOnly(f.since));
    if (f.until) parts.push(t('f_until') + ' ' + dateOnly(f.until));
    if (Array.isArray(f.channels) && f.channels.length) parts.push(t('f_channels') + ': ' + f.channels.map(function (c) { return keyed('ch_', c); }).join(', '));
    if (f.min_contacts != null && f.min_contacts > 1) parts.push(t('f_min_contacts', { n: f.min_contacts }));
    row('m_filters', parts.length ? parts.join('; ') : t('m_none'));
    var tw = r.temporal && r.temporal.window;
    if (tw && (tw.spec || tw.count != null)) {
      var ws = String(tw.spec || '');
      if (tw.count != null) ws += (ws ? ' × ' : '') + fmtInt(tw.count);
      row('m_windows', ws);
    }
    row('m_version', DATA.version != null ? String(DATA.version) : null);
    if (Array.isArray(DATA.command) && DATA.command.length) {
      var cmd = 'samnett ' + DATA.command.map(function (a) {
        a = a == null ? '' : String(a);
        return /^[A-Za-z0-9_.,:=+\/@%-]+$/.test(a) ? a : "'" + a.replace(/'/g, "'\\''") + "'";
      }).join(' ');
      var d = el('div', 'meta-row meta-command');
      d.appendChild(el('dt', null, t('m_command')));
      d.appendChild(el('dd', null)).appendChild(el('code', null, cmd));
      dl.appendChild(d);
    }
  }

  /* ---- controls ---- */
  function fillSelect(sel, values, labelOf, selected) {
    sel.textContent = '';
    values.forEach(function (v) {
      var o = el('option', null, labelOf(v));
      o.value = v;
      if (v === selected) o.selected = true;
      sel.appendChild(o);
    });
  }

  function buildFilter(kind, listId, items, labelOf, colourOf) {
    var box = $(listId);
    box.textContent = '';
    var block = box.closest('.filter-block');
    if (!items.length) { block.hidden = true; return; }
    items.forEach(function (item) {
      var lab = el('label', 'filter-item');
      var cb = el('input');
      cb.type = 'checkbox';
      cb.value = String(item.index);
      cb.checked = true;
      lab.appendChild(cb);
      if (colourOf) {
        var sw = el('span', 'swatch');
        sw.style.background = colourOf(item.index);
        lab.appendChild(sw);
      }
      var name = labelOf(item);
      lab.appendChild(el('span', 'filter-name', name));
      if (item.count != null) lab.appendChild(el('span', 'filter-count', fmtSmall(item.count)));
      lab.title = name;
      box.appendChild(lab);
    });
    var text = block.querySelector('.filter-text');
    if (items.length <= 8) text.hidden = true;
    text.addEventListener('input', function () {
      var q = text.value.toLowerCase();
      box.querySelectorAll('.filter-item').forEach(function (l) {
        l.hidden = q !== '' && l.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
    function apply() {
      var size = kind === 'channel' ? items.length : items.length; /* arrays indexed by item.index */
      var on = [];
      box.querySelectorAll('input[type=checkbox]').forEach(function (cb) { on[Number(cb.value)] = cb.checked; });
      if (!size) return;
      var full = [];
      var max = 0;
      items.forEach(function (it) { if (it.index + 1 > max) max = it.index + 1; });
      for (var i = 0; i < max; i++) full.push(on[i] === undefined ? true : on[i]);
      mapApi.setFilter(kind, full);
      afterChange();
    }
    box.addEventListener('change', apply);
    block.querySelectorAll('button[data-all]').forEach(function (b) {
      b.addEventListener('click', function () {
        var v = b.getAttribute('data-all') === '1';
        box.querySelectorAll('.filter-item').forEach(function (l) {
          if (!l.hidden) l.querySelector('input').checked = v;
        });
        apply();
      });
    });
  }

  function buildControls() {
    var map = M;
    var nodes = map.nodes || {};
    var n = (nodes.id || []).length;
    /* level */
    fillSelect($('level'), mapApi.levels(), function (v) { return keyed('lvl_', v); }, mapApi.levels()[0]);
    $('level').addEventListener('change', function () {
      mapApi.setLevel(this.value);
      if ($('search').value) runSearch(false);
      else if (activeCard) applyCard(activeCard, false);
      afterChange();
    });
    /* size */
    var sizes = mapApi.sizeMeasures();
    var sizeDefault = sizes.indexOf('degree') >= 0 ? 'degree' : sizes[0];
    fillSelect($('size-by'), sizes, function (v) { return t(v); }, sizeDefault);
    mapApi.setSizeBy(sizeDefault);
    $('size-by').addEventListener('change', function () { mapApi.setSizeBy(this.value); afterChange(); });
    /* colour */
    fillSelect($('colour-by'), ['organisation', 'type'], function (v) { return t('col_' + v); }, 'organisation');
    $('colour-by').addEventListener('change', function () { mapApi.setColourBy(this.value); buildLegend(); afterChange(); });
    /* filters */
    var orgs = map.organisations || [];
    var sizesByOrg = mapApi.orgSizes();
    var orgItems = mapApi.orgRank().map(function (o) { return { index: o, name: orgs[o], count: sizesByOrg[o] }; });
    var noOrg = 0, noType = 0;
    var types = map.types || [];
    var typeCount = new Array(types.length).fill(0);
    for (var i = 0; i < n; i++) {
      var o = nodes.org ? nodes.org[i] : -1;
      if (o == null || o < 0 || o >= orgs.length) noOrg++;
      var ty = nodes.type ? nodes.type[i] : -1;
      if (ty == null || ty < 0 || ty >= types.length) noType++; else typeCount[ty]++;
    }
    if (noOrg && orgs.length) orgItems.push({ index: orgs.length, name: null, none: 'no_org', count: noOrg });
    function itemLabel(it) { return it.none ? t(it.none) : (it.name == null || it.name === '' ? '—' : String(it.name)); }
    buildFilter('org', 'filter-org', orgItems, itemLabel, function (o) { return mapApi.orgColour(o < orgs.length ? o : -1); });
    var typeItems = types.map(function (ty, k) { return { index: k, name: keyed('ty_', ty), count: typeCount[k] }; });
    if (noType && types.length) typeItems.push({ index: types.length, none: 'no_type', count: noType });
    buildFilter('type', 'filter-type', typeItems, itemLabel, null);
    var chans = map.channels || [];
    buildFilter('channel', 'filter-channel', chans.map(function (c, k) { return { index: k, name: keyed('ch_', c) }; }), itemLabel, null);
    /* search */
    $('search-form').addEventListener('submit', function (e) { e.preventDefault(); runSearch(true); });
    $('search').addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); runSearch(true); }
    });
    $('search').addEventListener('input', function () { if (this.value === '') runSearch(false); });
    /* zoom */
    $('zoom-in').addEventListener('click', function () { mapApi.zoomBy(1.6); });
    $('zoom-out').addEventListener('click', function () { mapApi.zoomBy(1 / 1.6); });
    $('zoom-reset').addEventListener('click', function () { mapApi.resetZoom(); });
    /* windows */
    var wins = map.windows || [];
    if (wins.length) {
      $('window-bar').hidden = false;
      var sl = $('window-slider');
      sl.min = '0'; sl.max = String(wins.length); sl.value = '0';
      var setLabel = function () {
        var k = Number(sl.value);
        var w = k > 0 ? wins[k - 1] : null;
        $('window-label').textContent = w ? (w.label != null ? String(w.label) : String(k)) +
          (w.start ? ' (' + dateOnly(w.start) + ' – ' + dateOnly(w.end) + ')' : '') : t('all_windows');
      };
      setLabel();
      sl.addEventListener('input', function () {
        var k = Number(sl.value);
        mapApi.setWindow(k > 0 ? k - 1 : null);
        setLabel();
        afterChange();
      });
      var timer = null, play = $('window-play');
      var stop = function () { if (timer) { clearInterval(timer); timer = null; } play.textContent = '\u25B6'; play.title = t('play'); };
      play.addEventListener('click', function () {
        if (timer) { stop(); return; }
        play.textContent = '\u275A\u275A'; play.title = t('pause');
        if (Number(sl.value) >= wins.length) sl.value = '0';
        timer = setInterval(function () {
          var k = Number(sl.value) + 1;
          if (k > wins.length) { stop(); return; }
          sl.value = String(k);
          sl.dispatchEvent(new Event('input'));
        }, 900);
      });
    }
    window.addEventListener('resize', debounce(function () { mapApi.resize(); }, 150));
    window.addEventListener('beforeprint', function () { mapApi.resize(); mapApi.redrawNow(); });
  }

  function debounce(f, ms) {
    var h = null;
    return function () { clearTimeout(h); h = setTimeout(f, ms); };
  }

  function buildLegend() {
    var ul = $('legend');
    ul.textContent = '';
    var map = M;
    function item(colour, text) {
      var li = el('li');
      var sw = el('span', 'swatch');
      sw.style.background = colour;
      li.appendChild(sw);
      li.appendChild(el('span', 'legend-name', text));
      li.title = text;
      ul.appendChild(li);
    }
    if ($('colour-by').value === 'type') {
      (map.types || []).forEach(function (ty, k) { item(mapApi.typeColour(k), keyed('ty_', ty)); });
      item(mapApi.typeColour(-1), t('no_type'));
      return;
    }
    var orgs = map.organisations || [], sizes = mapApi.orgSizes();
    var ranked = mapApi.orgRank().filter(function (o) { return sizes[o] > 0; });
    ranked.slice(0, 12).forEach(function (o) {
      item(mapApi.orgColour(o), orgs[o] == null || orgs[o] === '' ? '—' : String(orgs[o]));
    });
    if (ranked.length > 12) {
      var li = el('li', 'legend-others');
      li.appendChild(el('span', 'swatch swatch-multi'));
      li.appendChild(el('span', 'legend-name', t('others', { n: fmtInt(ranked.length - 12) })));
      ul.appendChild(li);
    }
    var nodes = map.nodes || {};
    var anyNo = (nodes.org || []).some(function (o) { return o == null || o < 0 || o >= orgs.length; });
    if (anyNo) item(mapApi.orgColour(-1), t('no_org'));
  }

  /* ---- status line, map message ---- */
  function afterChange() {
    var s = mapApi.state();
    $('map-stats').textContent = t('map_stats', { n: fmtSmall(s.drawnNodes), m: fmtSmall(s.drawnTies) });
    var msg = $('map-message');
    var total = ((M.nodes || {}).id || []).length;
    if (!total) { msg.hidden = false; msg.textContent = t('map_empty'); }
    else if (!s.drawnNodes) { msg.hidden = false; msg.textContent = t('map_filtered'); }
    else msg.hidden = true;
  }

  /* ---- search and highlight ---- */
  function clearCard() {
    if (activeCard) activeCard.classList.remove('active');
    activeCard = null;
  }
  function runSearch(zoom) {
    var q = $('search').value.trim();
    clearCard();
    if (!q) { mapApi.highlight(null); $('search-result').textContent = ''; return; }
    var hits = mapApi.match(q);
    mapApi.highlight(hits, zoom);
    $('search-result').textContent = hits.length ? t('matches', { n: fmtInt(hits.length) }) : t('no_match');
  }
  function cardActors(f) {
    var set = [];
    (f.nodes || []).forEach(function (a) { if (typeof a === 'number') set.push(a); });
    return set.concat(mapApi.actorsOfOrgs(f.organisations || []));
  }
  function applyCard(card, zoom) {
    var f = findings[Number(card.getAttribute('data-index'))];
    mapApi.highlight(cardActors(f), zoom);
  }

  /* ---- tooltip ---- */
  var tip;
  function showTip(g, cx, cy) {
    if (g < 0) { tip.hidden = true; return; }
    var info = mapApi.info(g);
    if (!info) { tip.hidden = true; return; }
    var map = M, nodes = map.nodes || {};
    var orgs = map.organisations || [], units = map.units || [], types = map.types || [];
    tip.textContent = '';
    var dl = el('dl');
    function row(k, v) {
      if (v == null || v === '') return;
      dl.appendChild(el('dt', null, t(k)));
      dl.appendChild(el('dd', null, v));
    }
    var lensRows = [];
    var measuresShown = ['degree', 'strength_in', 'strength_out', 'betweenness', 'pagerank', 'closeness', 'constraint'];
    var ms = nodes.measures || {};
    if (info.actor != null) {
      var a = info.actor;
      var name = nodes.name ? nodes.name[a] : null;
      tip.appendChild(el('div', 'tip-title', name != null && name !== '' ? name : (nodes.id || [])[a]));
      row('tt_id', (nodes.id || [])[a]);
      row('tt_name', name);
      var o = nodes.org ? nodes.org[a] : -1;
      row('tt_org', o != null && o >= 0 && o < orgs.length ? orgs[o] : null);
      var u = nodes.unit ? nodes.unit[a] : -1;
      row('tt_unit', u != null && u >= 0 && u < units.length ? units[u] : null);
      var ty = nodes.type ? nodes.type[a] : -1;
      row('tt_type', ty != null && ty >= 0 && ty < types.length ? keyed('ty_', types[ty]) : null);
      var mem = nodes.members ? nodes.members[a] : 1;
      if (mem !== 1 && (mem != null || K)) row('tt_members', fmtInt(mem));
      measuresShown.forEach(function (k) {
        if (k === 'degree' ? (ms.degree_in || ms.degree_out) : ms[k]) row(k, fmtMeasure(k, mapApi.measureValue(k, a)));
      });
      lensRows = actorFindings[a] || [];
    } else {
      tip.appendChild(el('div', 'tip-title', info.label != null && info.label !== '' ? info.label : '—'));
      if (info.level === 'unit' && info.org >= 0 && info.org < orgs.length) row('tt_org', orgs[info.org]);
      var mem2 = 0;
      info.members.forEach(function (a2) { mem2 += nodes.members && nodes.members[a2] != null ? nodes.members[a2] : 1; });
      row('tt_members', info.drawnMembers !== info.members.length
        ? fmtSmall(info.drawnMembers) + ' / ' + fmtSmall(mem2) : fmtSmall(mem2));
      ['degree', 'strength_in', 'strength_out'].forEach(function (k) {
        if (!(k === 'degree' ? (ms.degree_in || ms.degree_out) : ms[k])) return;
        var s = 0, any = false;
        info.members.forEach(function (a2) { var v = mapApi.measureValue(k, a2); if (v != null) { s += v; any = true; } });
        row(k, any ? '∑ ' + fmtMeasure(k, s) : '–');
      });
      if (info.level === 'organisation' && info.org >= 0) lensRows = orgFindings[info.org] || [];
      else if (info.level === 'unit' && info.single) lensRows = actorFindings[info.members[0]] || [];
    }
    tip.appendChild(dl);
    if (lensRows.length) {
      var box = el('div', 'tip-lenses');
      box.appendChild(el('div', 'tip-sub', t('tt_lenses')));
      var ul = el('ul');
      lensRows.slice(0, 8).forEach(function (fi) {
        var f = findings[fi];
        ul.appendChild(el('li', null, String(f.lens) + ': ' + String(f.label)));
      });
      if (lensRows.length > 8) ul.appendChild(el('li', 'muted', t('tt_more', { n: lensRows.length - 8 })));
      box.appendChild(ul);
      tip.appendChild(box);
    }
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var x = cx + 16, y = cy + 16;
    if (x + w > window.innerWidth - 8) x = Math.max(8, cx - w - 16);
    if (y + h > window.innerHeight - 8) y = Math.max(8, cy - h - 16);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }

  /* ---- findings ---- */
  var LEVEL_ORDER = { network: 0, group: 1, actor: 2 };
  var PAGE = 20;
  function buildFindings() {
    var box = $('findings'), toc = $('findings-toc');
    box.textContent = ''; toc.textContent = '';
    if (!findings.length) { box.appendChild(el('p', 'empty-note', t('no_findings'))); return; }
    var lenses = [], byLens = {};
    findings.forEach(function (f, i) {
      var k = String(f.lens);
      if (!byLens[k]) { byLens[k] = []; lenses.push(k); }
      byLens[k].push(i);
    });
    lenses.forEach(function (lens, li) {
      var list = byLens[lens].slice().sort(function (a, b) {
        var la = LEVEL_ORDER[findings[a].level], lb = LEVEL_ORDER[findings[b].level];
        return ((la == null ? 3 : la) - (lb == null ? 3 : lb)) || a - b;
      });
      var first = findings[list[0]];
      var title = first.title && (first.title[lang] || first.title.en) ? (first.title[lang] || first.title.en) : lens;
      var sec = el('section', 'lens');
      sec.id = 'lens-' + li;
      var h = el('h3', 'lens-head');
      h.appendChild(el('span', 'lens-title', title));
      h.appendChild(el('span', 'lens-name', lens));
      h.appendChild(el('span', 'lens-count', t('findings_count', { n: fmtInt(list.length) })));
      sec.appendChild(h);
      var a = el('a', null, title + ' (' + list.length + ')');
      a.href = '#' + sec.id;
      toc.appendChild(a);
      var grid = el('div', 'cards');
      sec.appendChild(grid);
      var shown = 0;
      function more(all) {
        var upto = all ? list.length : Math.min(list.length, PAGE);
        for (; shown < upto; shown++) grid.appendChild(card(list[shown], title));
      }
      more(false);
      if (list.length > PAGE) {
        var b = el('button', 'show-all', t('show_all', { n: fmtInt(list.length) }));
        b.type = 'button';
        b.addEventListener('click', function () {
          if (shown < list.length) { more(true); b.textContent = t('show_fewer'); }
          else {
            while (grid.children.length > PAGE) {
              var c = grid.lastChild;
              if (c === activeCard) clearHighlight();
              grid.removeChild(c);
            }
            shown = PAGE;
            b.textContent = t('show_all', { n: fmtInt(list.length) });
            sec.scrollIntoView({ block: 'start' });
          }
        });
        sec.appendChild(b);
      }
      box.appendChild(sec);
    });
    box.addEventListener('click', function (e) {
      var c = e.target.closest('.finding');
      if (!c || !box.contains(c)) return;
      toggleCard(c);
    });
    box.addEventListener('keydown', function (e) {
      if ((e.key === 'Enter' || e.key === ' ') && e.target.classList && e.target.classList.contains('finding')) {
        e.preventDefault();
        toggleCard(e.target);
      }
    });
  }
  function clearHighlight() {
    clearCard();
    mapApi.highlight(null);
  }
  function toggleCard(c) {
    if (activeCard === c) { clearHighlight(); return; }
    clearCard();
    $('search').value = '';
    $('search-result').textContent = '';
    var f = findings[Number(c.getAttribute('data-index'))];
    var actors = cardActors(f);
    if (!actors.length) { mapApi.highlight(null); return; }
    activeCard = c;
    c.classList.add('active');
    mapApi.highlight(actors, true);
    var mapEl = $('map');
    var r = mapEl.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) mapEl.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }
  function card(i, lensTitle) {
    var f = findings[i];
    var c = el('article', 'finding');
    c.setAttribute('data-index', String(i));
    c.setAttribute('data-level', String(f.level));
    c.tabIndex = 0;
    var top = el('div', 'finding-top');
    top.appendChild(el('span', 'finding-lens', lensTitle));
    top.appendChild(el('span', 'finding-level', keyed('lv_', f.level)));
    c.appendChild(top);
    c.appendChild(el('div', 'finding-label', f.label == null ? '—' : f.label));
    var scope = el('div', 'finding-scope');
    scope.appendChild(el('span', 'k', t('scope') + ': '));
    scope.appendChild(el('span', null, f.scope == null ? '—' : f.scope));
    c.appendChild(scope);
    var ev = f.evidence ? (f.evidence[lang] || f.evidence.en) : null;
    if (ev) c.appendChild(el('p', 'finding-evidence', ev));
    var unc = el('div', 'finding-uncertainty');
    if (f.test) {
      var parts = [];
      if (f.test.method) parts.push(String(f.test.method));
      if (f.test.p != null) parts.push(t('p') + ' ' + fmtP(f.test.p));
      if (f.test.p_adjusted != null) parts.push(t('p_adjusted') + ' ' + fmtP(f.test.p_adjusted));
      if (f.test.effect != null) parts.push(t('effect') + ' ' + fmt(f.test.effect, '.2~f'));
      if (f.test.tests != null) parts.push(fmtInt(f.test.tests) + ' ' + t('tests'));
      unc.appendChild(el('span', 'k', t('uncertainty') + ': '));
      unc.appendChild(el('span', null, parts.join(' · ')));
      c.appendChild(unc);
    } else if (f.reason) {
      unc.appendChild(el('span', 'k', t('reason') + ': '));
      unc.appendChild(el('span', null, f.reason));
      c.appendChild(unc);
    }
    if (f.source) {
      var src = el('div', 'finding-source');
      src.appendChild(el('span', 'k', t('source') + ': '));
      src.appendChild(el('span', null, f.source));
      c.appendChild(src);
    }
    if (!cardActors(f).length) {
      c.classList.add('no-nodes');
      c.appendChild(el('div', 'finding-whole', t('whole_network')));
    }
    return c;
  }

  function indexFindings() {
    var n = ((M.nodes || {}).id || []).length;
    var no = (M.organisations || []).length;
    actorFindings = new Array(n);
    orgFindings = new Array(no);
    findings.forEach(function (f, i) {
      (f.nodes || []).forEach(function (a) {
        if (typeof a !== 'number' || a < 0 || a >= n) return;
        (actorFindings[a] = actorFindings[a] || []).push(i);
      });
      (f.organisations || []).forEach(function (o) {
        if (typeof o !== 'number' || o < 0 || o >= no) return;
        (orgFindings[o] = orgFindings[o] || []).push(i);
      });
    });
  }

  /* ---- the privacy notice: a banner at the top (report.privacy) ---- */
  function buildPrivacy() {
    var p = DATA.report && DATA.report.privacy;
    var box = $('privacy-banner');
    if (!p || typeof p !== 'object' || !box) return;
    K = typeof p.min_cell === 'number' && p.min_cell > 0 ? p.min_cell : 0;
    box.textContent = p.profile === 'shared'
      ? t('privacy_shared', { k: K, n: fmtInt(typeof p.ties_left_out === 'number' ? p.ties_left_out : 0) })
      : t('privacy_min_cell', { k: K });
    var re = p.reidentification;
    if (re && typeof re === 'object' && typeof re.actors === 'number')
      box.textContent += t('privacy_reid', {
        u: fmtInt(re.unique), n: fmtInt(re.actors),
        c: re.degrees_coarsened ? t('privacy_reid_coarse') : ''
      });
    if (p.profile === 'shared') box.textContent += t('privacy_personal');
    box.hidden = false;
  }

  /* ---- charts ---- */
  function buildCharts() {
    var body = $('charts-body');
    if (!window.SamnettCharts || typeof window.SamnettCharts.render !== 'function') {
      body.appendChild(el('p', 'empty-note', t('charts_missing')));
      return;
    }
    try {
      var ext = window.SamnettCharts.i18n;
      if (ext) ['en', 'nb'].forEach(function (l) {
        if (!ext[l]) return;
        Object.keys(ext[l]).forEach(function (k) { if (!(k in DICT[l])) DICT[l][k] = ext[l][k]; });
      });
      window.SamnettCharts.render(body, DATA, t);
    } catch (e) {
      recordError('charts: ' + (e && e.message ? e.message : e));
      body.appendChild(el('p', 'error-note', t('charts_failed')));
    }
  }

  function start() {
    try {
      DATA = readData();
    } catch (e) {
      recordError('data: ' + (e && e.message ? e.message : e));
      DATA = {};
    }
    lang = DATA.lang === 'en' ? 'en' : 'nb';
    document.documentElement.lang = lang === 'nb' ? 'nb' : 'en';
    try { fmtLocale = d3.formatLocale(lang === 'nb' ? { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', ' kr'], minus: '\u2212' } : { decimal: '.', thousands: ',', grouping: [3], currency: ['', ''] }); }
    catch (e) { fmtLocale = { format: function () { return function (v) { return String(v); }; } }; }
    applyStaticI18n();
    try { buildPrivacy(); } catch (e) { recordError('privacy: ' + e.message); }
    M = DATA.map || {};
    findings = Array.isArray(DATA.findings) ? DATA.findings : [];
    $('footer').textContent = t('footer', { v: DATA.version != null ? String(DATA.version) : '' });
    try { buildMeta(); } catch (e) { recordError('meta: ' + e.message); }
    tip = $('tooltip');
    try {
      mapApi = window.SamnettMap.create($('map'), M, { onHover: function (g, x, y) { showTip(g, x, y); } });
      indexFindings();
      buildControls();
      buildLegend();
      afterChange();
    } catch (e) {
      recordError('map: ' + (e && e.message ? e.message : e));
      var msg = $('map-message');
      msg.hidden = false;
      msg.textContent = t('map_failed');
      mapApi = null;
    }
    try { if (mapApi) buildFindings(); } catch (e) { recordError('findings: ' + e.message); }
    buildCharts();
    hooks.map = mapApi;   /* for timing and debugging; not part of the test contract */
    hooks.state = function () {
      var s = mapApi ? mapApi.state() : { level: null, window: null, drawnNodes: 0, drawnTies: 0, highlighted: [] };
      s.errors = errors.slice();
      return s;
    };
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(function () { hooks.ready = true; });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
