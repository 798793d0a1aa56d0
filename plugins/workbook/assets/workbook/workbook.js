/* mkdocs-workbook: keeps a learner's answers in this browser and scores checklists.
   No dependencies, no build step, no network requests. The My workbook page's own code is in
   my-workbook.js, which only that page loads; both files share the `workbook` global. */
(() => {
  "use strict";

  // Version of the stored record (2 added `takes`, 3 `kept`); MIGRATIONS bring every older record up to it.
  const FORMAT = 3;
  const MIGRATIONS = {
    // Format 1 kept no earlier takes: its answers stay the current ones.
    1: (record) => Object.assign({}, record, { format: 2, takes: [] }),
    // Format 2 had nowhere to keep an answer the form cannot show when the learner answers anew.
    2: (record) => Object.assign({}, record, { format: 3, kept: {} }),
  };

  // --- words: every text a learner reads comes from the catalogue of the page's language ---------------------
  // workbook/messages.<language>.js (written by the plugin from locales/<language>.yml) sets `workbook.catalogue`
  // before this file runs: {language, direction, messages: {id: text, or {plural category: text}}}.
  // My workbook and the presenter view bring their own messages in their root's data-workbook-messages (`learn`).
  const words = () => (window.workbook && window.workbook.catalogue) || { language: "en", direction: "ltr", messages: {} };
  const learn = (root) => {
    const own = root.dataset.workbookMessages;
    if (!own) return;
    const current = words();
    window.workbook.catalogue = Object.assign({}, current, { messages: Object.assign({}, current.messages, JSON.parse(own)) });
  };
  const plurals = {};
  const pluralOf = (language, count) => {
    plurals[language] = plurals[language] || new Intl.PluralRules(language);
    return plurals[language].select(count);
  };
  // Numbers and dates as the page's language writes them, not the browser's, so that no sentence mixes two; in
  // the browser's own variety of that language where it has one (an English page read in en-GB says "1 March").
  const base = (tag) => String(tag).toLowerCase().split(/[-_]/)[0];
  const locale = () => {
    const { language } = words();
    const browser = Array.from(navigator.languages || [navigator.language]);
    return browser.find((tag) => base(tag) === base(language)) || language;
  };
  const number = (value) => new Intl.NumberFormat(locale()).format(value);
  // t("my.exported", { count: 3 }): the message with its placeholders filled in; numbers written in the page's
  // language, and `count` choosing among plural forms by the language's own rules (Polish: 1, 2-4, 5-21...).
  const t = (id, values = {}) => {
    const { language, messages } = words();
    let message = messages[id];
    if (message && typeof message === "object") message = message[pluralOf(language, values.count)] || message.other;
    if (typeof message !== "string") return id;
    return message.replace(/\{(\w+)\}/g, (whole, name) => {
      if (!(name in values)) return whole;
      const value = values[name];
      return typeof value === "number" ? number(value) : String(value);
    });
  };
  // A list as the page's language joins it ("a; b; c" in English).
  const joinList = (items, separator = "list.separator") => items.join(t(separator));

  const storage = {
    get(key) {
      try {
        return { value: window.localStorage.getItem(key) };
      } catch (error) {
        return { error };
      }
    },
    set(key, value) {
      try {
        window.localStorage.setItem(key, value);
        return null;
      } catch (error) {
        return error;
      }
    },
    remove(key) {
      try {
        window.localStorage.removeItem(key);
      } catch (error) {
        // Storage switched off: there is nothing stored to remove.
      }
    },
  };

  // --- stored records: read, migrate, write --------------------------------

  const isObject = (value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);
  const isDate = (value) => typeof value === "string" && !Number.isNaN(Date.parse(value));
  const isTake = (take) => isObject(take) && isDate(take.date) && isObject(take.answers);
  const isKept = (kept) => isObject(kept) && Object.values(kept).every(Array.isArray);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  // Deeper than we write (imported before imports were checked): would overflow the stack.
  const tooDeep = (value, levels) => Boolean(value) && typeof value === "object"
    && (levels === 0 || Object.values(value).some((inner) => tooDeep(inner, levels - 1)));

  // One entry, brought up to FORMAT (and written back so): {record}, or {missing}, {blocked}, {newer}, {damaged: its text}.
  const read = (key) => {
    const stored = storage.get(key);
    if (stored.error) return { blocked: true };
    if (stored.value === null) return { missing: true };
    let record = null;
    try {
      record = JSON.parse(stored.value);
    } catch (error) {
      // Falls through: the entry is damaged.
    }
    // A record without a format was written before formats were numbered: format 1.
    const format = isObject(record) ? (record.format === undefined ? 1 : record.format) : 0;
    // A newer release's record is left exactly as it is: this page does not know its shape.
    if (Number.isInteger(format) && format > FORMAT) return { newer: true };
    if (!Number.isInteger(format) || format < 1 || tooDeep(record, 12)) return { damaged: stored.value };
    for (let from = format; from < FORMAT; from += 1) record = MIGRATIONS[from](record);
    if (!isObject(record.answers) || !Array.isArray(record.takes) || !record.takes.every(isTake) || !isKept(record.kept)) return { damaged: stored.value };
    if (format < FORMAT) storage.set(key, JSON.stringify(record));
    return { record };
  };

  const makeRecord = (exercise, kind, answers, takes, updated, kept = {}) => (
    { format: FORMAT, exercise, kind, updated: isDate(updated) ? updated : new Date().toISOString(), answers, takes, kept });
  const write = (key, record) => storage.set(key, JSON.stringify(record));
  // Kept under another key, so that saving new answers does not destroy it; once. {key} ("" if there) or {error}.
  const setAside = (key, text) => {
    const prefix = `${key}:unreadable:`;
    const copies = Object.keys(window.localStorage).filter((other) => other.startsWith(prefix) && /^\d+$/.test(other.slice(prefix.length)));
    if (copies.some((copy) => storage.get(copy).value === text)) return { key: "" };
    let time = Date.now();
    while (copies.includes(`${prefix}${time}`)) time += 1;
    const copy = `${prefix}${time}`;
    const error = storage.set(copy, text);
    return error ? { error } : { key: copy };
  };

  // --- reading and writing one field or checklist item -------------------

  // Types: `read` the form, `write` a value into it, `update` the stored value from the one control changed (so
  // a control not yet refreshed never overwrites anything): {value, keep: the old value must be kept aside}.
  const checked = (container) => Array.from(container.querySelectorAll("input:checked"), (input) => input.value);
  const textOf = (container) => container.querySelector("input, textarea");
  const choicesOf = (container) => Array.from(container.querySelectorAll("input"), (input) => input.value);
  // A box shows `text` only if it keeps it (a date box empties itself for "next week").
  const holds = (control, text) => {
    const probe = control.cloneNode();
    probe.value = text;
    return probe.value === text;
  };
  // Whether the form (or My workbook) shows a value in full; `choices`: option ids, points or columns.
  const fits = (type, choices, value) => {
    if (type === "tick" || type === "yes-or-no") return typeof value === "boolean";
    if (type === "number") return Number.isFinite(value);
    if (type === "multiple-choice") return Array.isArray(value) && value.every((id) => typeof id === "string" && choices.includes(id));
    if (type === "table") {
      return Array.isArray(value) && value.every((row) => isObject(row)
        && Object.entries(row).every(([column, text]) => choices.includes(column) && typeof text === "string"));
    }
    return typeof value === (type === "rating" || type === "likert" ? "number" : "string") && (choices.length ? choices.includes(String(value)) : value !== "");
  };
  // Whether a field or statement of this form shows a stored value in full.
  const showsIn = (kind, c, value) => {
    if (kind === "table") return fits(kind, Array.from(c.querySelectorAll("input"), (input) => input.dataset.workbookColumn), value);
    const box = c.querySelector(".workbook-input");
    return fits(kind, box ? [] : choicesOf(c), value) && (!box || holds(box, String(value)));
  };
  // One value: the form's replaces it; kept if the form could not show it.
  const single = (kind, read) => (c, before) => {
    const value = read(c);
    return { value, keep: before !== undefined && !showsIn(kind, c, before) && !same(before, value) };
  };

  const fieldTypes = {
    text: {
      read: (c) => textOf(c).value || undefined,
      write: (c, value) => { textOf(c).value = typeof value === "string" ? value : ""; },
    },
    number: {
      read: (c) => (textOf(c).value === "" ? undefined : Number(textOf(c).value)),
      write: (c, value) => { textOf(c).value = typeof value === "number" ? String(value) : ""; },
    },
    choice: {
      read: (c) => checked(c)[0],
      write: (c, value) => c.querySelectorAll("input").forEach((input) => { input.checked = input.value === String(value); }),
    },
    "multiple-choice": {
      write: (c, value) => c.querySelectorAll("input").forEach((input) => {
        input.checked = Array.isArray(value) && value.includes(input.value);
      }),
      // Ids of options this release no longer has stay in the list.
      update: (c, before, target) => {
        const list = Array.isArray(before) && before.every((id) => typeof id === "string");
        const ids = (list ? before : []).filter((id) => id !== target.value);
        if (target.checked) ids.push(target.value);
        return { value: ids.length ? ids : undefined, keep: before !== undefined && !list };
      },
    },
    table: {
      write: (c, value) => c.querySelectorAll("[data-workbook-row]").forEach((input) => {
        const row = Array.isArray(value) ? value[Number(input.dataset.workbookRow) - 1] : undefined;
        const cell = row && row[input.dataset.workbookColumn];
        input.value = typeof cell === "string" ? cell : "";
      }),
      // Rows and columns the page no longer shows stay as they are.
      update: (c, before, target) => {
        const index = Number(target.dataset.workbookRow) - 1;
        const column = target.dataset.workbookColumn;
        const table = Array.isArray(before) && before.every((row) => row === null || isObject(row));
        const rows = (table ? before : []).map((row) => Object.assign({}, row));
        while (rows.length <= index) rows.push({});
        const old = rows[index][column];
        if (target.value) rows[index][column] = target.value;
        else delete rows[index][column];
        while (rows.length && !Object.keys(rows[rows.length - 1]).length) rows.pop();
        return { value: rows.length ? rows : undefined, keep: before !== undefined && (!table || (old !== undefined && typeof old !== "string")) };
      },
    },
  };
  fieldTypes["long-text"] = fieldTypes.text;
  fieldTypes.date = fieldTypes.text;
  fieldTypes["yes-no"] = fieldTypes.choice;
  fieldTypes.rating = {
    read: (c) => (checked(c).length ? Number(checked(c)[0]) : undefined),
    write: fieldTypes.choice.write,
  };
  // A tick box: ticked is yes, unticked (once touched) no. A yes-or-no statement: its two buttons.
  const tickItem = {
    read: (c) => c.querySelector("input").checked,
    write: (c, value) => { c.querySelector("input").checked = value === true; },
  };
  const yesOrNoItem = {
    read: (c) => (checked(c).length ? checked(c)[0] === "true" : undefined),
    write: fieldTypes.choice.write,
  };

  // --- checklist scoring: by the scoring key the checklist carries ---------

  // The key (model/scoring.py writes it) says what each answer to each statement scores in each score; `scoreKey`
  // is scoring.py's `score`, operation for operation, so the page and the Python twin agree to the last digit.
  const EPSILON = 1e-9;
  const roundTo = (value, decimals) => {
    const factor = 10 ** decimals;
    return (Math.sign(value) * Math.floor(Math.abs(value) * factor + 0.5 + EPSILON)) / factor;
  };
  // A stored answer as the key names it ("3", "true"); undefined for anything no statement takes.
  const answerKey = (value) => (typeof value === "boolean" || Number.isInteger(value) ? String(value) : undefined);

  const scoreRange = (key, parts) => {
    let low = 0;
    let high = 0;
    let weights = 0;
    parts.forEach(([item, weight]) => {
      const points = Object.values(key.items[item].points);
      low += weight * Math.min(...points);
      high += weight * Math.max(...points);
      weights += weight;
    });
    if (key.method === "mean") return weights ? [low / weights, high / weights] : [0, 0];
    return [low, high];
  };

  // {complete, begun, scores: [{category, title, show, state, value, partial, min, max, answered, count, band}]}.
  const scoreKey = (key, answers) => {
    const items = key.items;
    // Tick boxes say nothing until the learner begins: from the first tick (or "None of these"), an unticked box is a no.
    const begun = Object.entries(items).some(([item, spec]) => spec.answers === "tick" && answerKey(answers[item]) !== undefined);
    const mean = key.method === "mean";
    const scores = key.scores.map((spec) => {
      let total = 0;
      let weights = 0;
      let answeredWeights = 0;
      let answered = 0;
      spec.parts.forEach(([item, weight, reverse]) => {
        weights += weight;
        let stored = answerKey(answers[item]);
        if (stored === undefined && begun && items[item].answers === "tick") stored = "false";
        const table = items[item][reverse ? "reversed" : "points"];
        const points = stored === undefined || !Object.prototype.hasOwnProperty.call(table, stored) ? undefined : table[stored];
        if (points === undefined) return;
        answered += 1;
        total += weight * points;
        answeredWeights += weight;
      });
      const count = spec.parts.length;
      const [min, max] = scoreRange(key, spec.parts);
      let value = null;
      let state;
      if (answered === count) {
        state = "complete";
        value = mean ? (weights ? total / weights : 0) : total;
      } else if (key.missing === "prorate" && answeredWeights > 0 && count - answered <= key.maxMissing) {
        state = "prorated";
        value = mean ? total / answeredWeights : (total / answeredWeights) * weights;
      } else {
        state = answered ? "partial" : "empty";
      }
      const partial = mean ? (answeredWeights ? total / answeredWeights : 0) : total;
      let band = -1;
      if (value !== null) {
        value = roundTo(value, key.decimals);
        band = spec.bands.findIndex((entry) => entry.from - EPSILON <= value && value <= entry.to + EPSILON);
      }
      return {
        category: spec.category, title: spec.title, show: spec.show, state, value,
        partial: roundTo(partial, key.decimals), min, max, answered, count, band,
      };
    });
    return { complete: scores.every((entry) => entry.state === "complete"), begun: scores.some((entry) => entry.answered > 0), scores };
  };

  // The key of a checklist (or of its card on My workbook), read once.
  const keyOf = (root) => {
    if (!root.workbookKey) root.workbookKey = JSON.parse(root.querySelector("[data-workbook-key]").dataset.workbookKey);
    return root.workbookKey;
  };

  // A checklist's answers scored: scoreKey's result with `total` and `categories` (by id) to hand, and each
  // score's `bandLabel` ("" when it has none).
  const score = (root, answers) => {
    const key = keyOf(root);
    const result = scoreKey(key, answers);
    result.scores.forEach((entry, index) => {
      const band = key.scores[index].bands[entry.band];
      entry.bandLabel = band ? band.label : "";
      entry.decimals = key.decimals;
    });
    result.total = result.scores[0];
    result.categories = Object.fromEntries(result.scores.slice(1).map((entry) => [entry.category, entry]));
    return result;
  };

  // A score as the page writes it, with its decimals; a bound ("out of 7") as short as it goes.
  const shown = (entry, value) => fixed(value, entry.decimals);
  const bound = (value) => number(Number(value.toPrecision(6)));
  const bandLabel = (result) => result.total.bandLabel;

  // Decimals as the key says, written as the page's language writes numbers.
  const fixed = (value, decimals) => new Intl.NumberFormat(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);

  const scoreText = (key, result) => {
    const { total } = result;
    const tickOnly = Object.values(key.items).every((item) => item.answers === "tick");
    if (tickOnly && !result.begun) return t("score.tick_first");
    const values = { total: total.value === null ? "" : shown(total, total.value), max: bound(total.max), band: total.bandLabel, answered: total.answered, count: total.count };
    if (total.show && total.value !== null) {
      const id = total.state === "prorated" ? "score.estimated" : "score.complete";
      return t(total.bandLabel ? `${id}_band` : id, values);
    }
    if (result.complete) return t("score.all_below");
    if (total.show && total.answered && key.missing === "so-far") return t("score.partial", Object.assign(values, { total: shown(total, total.partial) }));
    const prorate = key.missing === "prorate" && key.maxMissing;
    const id = total.show ? (prorate ? "score.none_prorate" : "score.none") : (prorate ? "score.none_scores_prorate" : "score.none_scores");
    return t(id, Object.assign(values, { missing: key.maxMissing }));
  };

  const subscoreText = (entry) => {
    if (entry.value === null) return t("score.subscore_partial", { answered: entry.answered, count: entry.count });
    const id = entry.state === "prorated" ? "score.subscore_estimated" : "score.subscore";
    return t(entry.bandLabel ? `${id}_band` : id, { total: shown(entry, entry.value), max: bound(entry.max), band: entry.bandLabel });
  };

  const showSubscores = (root, result) => root.querySelectorAll("[data-workbook-subscore]").forEach((element) => {
    const entry = result.categories[element.dataset.workbookSubscore];
    if (!entry) return;
    element.querySelector("[data-workbook-subscore-value]").textContent = subscoreText(entry);
    const value = entry.value !== null ? entry.value : entry.partial;
    const share = entry.answered && entry.max > entry.min ? (value - entry.min) / (entry.max - entry.min) : 0;
    element.querySelector("[data-workbook-bar]").style.width = `${Math.round(Math.min(1, Math.max(0, share)) * 100)}%`;
  });

  const showScore = (root, answers) => {
    const result = score(root, answers);
    root.querySelectorAll("[data-workbook-bands]").forEach((list) => {
      const entry = list.dataset.workbookBands ? result.categories[list.dataset.workbookBands] : result.total;
      list.querySelectorAll("[data-workbook-band]").forEach((element, index) => {
        const current = Boolean(entry) && index === entry.band;
        element.classList.toggle("workbook-band--current", current);
        if (current) element.setAttribute("aria-current", "true");
        else element.removeAttribute("aria-current");
      });
    });
    root.querySelector("[data-workbook-score]").textContent = scoreText(keyOf(root), result);
    showSubscores(root, result);
    return result;
  };

  // [id, title] of each category whose score is shown.
  const categories = (root) => keyOf(root).scores.slice(1).filter((entry) => entry.show).map((entry) => [entry.category, entry.title]);

  // Every date the learner reads is written one way: "1 November 2026" (in the page's language, so that no sentence
  // mixes two), with the time of day where two on one day must be told apart.
  const DAY = { day: "numeric", month: "long", year: "numeric" };
  const day = (iso) => (isDate(iso) ? new Date(iso).toLocaleDateString(locale(), DAY) : t("date.unknown"));
  const dayAndTime = (iso) => (isDate(iso) ? new Date(iso).toLocaleString(locale(), { ...DAY, hour: "2-digit", minute: "2-digit" }) : day(iso));
  const timeOfDay = (date) => date.toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });

  // "1 November 2026" in a <time> element, for lists of takes.
  const dateElement = (iso) => {
    const time = document.createElement("time");
    time.dateTime = iso;
    time.textContent = day(iso);
    return time;
  };

  // --- sharing with the facilitator -------------------------------------------------------------------------
  // The share preview is My workbook's script's (my-workbook.js): a chapter fetches it from beside this file when
  // the learner first asks to share, so that chapters do not carry it. A minifier may have renamed one file only.
  const ownScript = document.currentScript ? document.currentScript.src : "";
  const withShare = (then) => {
    if (api.openShare) {
      then();
      return;
    }
    const names = [ownScript.replace(/workbook((?:\.min)?\.js)(?=[?#]|$)/, "my-workbook$1"), ownScript.replace(/workbook(?:\.min)?\.js(?=[?#]|$)/, "my-workbook.js")];
    const load = (index) => {
      const script = document.createElement("script");
      script.src = names[index];
      script.addEventListener("load", then);
      script.addEventListener("error", () => { if (index === 0 && names[1] !== names[0]) load(1); });
      document.head.append(script);
    };
    load(0);
  };

  // --- one exercise on the page ------------------------------------------

  // A checklist statement's kind (as `fits` knows them), from the controls it has.
  const itemKind = (element) => {
    const input = element.querySelector("input");
    if (input.type === "checkbox") return "tick";
    return input.value === "true" || input.value === "false" ? "yes-or-no" : "likert";
  };
  const ITEM_TYPES = { tick: tickItem, "yes-or-no": yesOrNoItem, likert: fieldTypes.rating };

  class Exercise {
    constructor(root) {
      this.root = root;
      this.id = root.dataset.workbookExercise;
      this.key = `workbook:${root.dataset.workbookNamespace}:${this.id}`;
      this.checklist = root.querySelector(".workbook-checklist");
      this.parts = Array.from(root.querySelectorAll("[data-workbook-field], [data-workbook-item]"), (element) => {
        const kind = element.dataset.workbookField ? element.dataset.workbookType : itemKind(element);
        const type = element.dataset.workbookField ? fieldTypes[kind] : ITEM_TYPES[kind];
        return { element, id: element.dataset.workbookField || element.dataset.workbookItem, kind, type, update: type.update || single(kind, type.read) };
      });
      this.takes = [];
      this.kept = {};
      // The take just kept, while "Undo" can still bring it back.
      this.undo = null;
      root.workbookExercise = this;
      this.answers = this.load();
      this.show();
      root.addEventListener("input", (event) => this.save(event.target));
      root.addEventListener("change", (event) => this.save(event.target));
      this.setUpActions();
    }

    refresh() {
      this.answers = this.load();
      this.show();
    }

    // Copies on one page (a print pack) follow each other, as tabs do by the storage event.
    tellCopies() {
      document.querySelectorAll(`[data-workbook-exercise="${this.id}"]`).forEach(({ workbookExercise: copy }) => {
        if (copy && copy !== this) copy.refresh();
      });
    }

    show() {
      this.parts.forEach((part) => part.type.write(part.element, this.answers[part.id]));
      this.score();
      this.noteUnshown();
    }

    // Answers this release's form cannot show (a removed field, option or column, a point a shrunk scale lost) or
    // kept aside are not lost, but not seen here either: the exercise says that My workbook lists them.
    noteUnshown() {
      const note = this.root.querySelector("[data-workbook-not-shown]");
      if (!note) return;
      note.hidden = !Object.keys(this.kept).length && Object.entries(this.answers).every(([id, value]) => {
        const part = this.parts.find((candidate) => candidate.id === id);
        return part && showsIn(part.kind, part.element, value);
      });
    }

    load() {
      const found = read(this.key);
      // Answers from a newer release cannot be shown, and saving here would overwrite them.
      this.locked = Boolean(found.newer);
      this.root.querySelectorAll(".workbook-form input, .workbook-form textarea").forEach((input) => { input.disabled = this.locked; });
      const actions = this.root.querySelector("[data-workbook-actions]");
      if (actions) actions.hidden = this.locked;
      if (found.damaged) setAside(this.key, found.damaged);
      this.alert(found.blocked ? t("store.blocked") : found.newer ? t("store.newer") : found.damaged ? t("store.unreadable") : "");
      this.takes = found.record ? found.record.takes : [];
      this.kept = found.record ? found.record.kept : {};
      this.updated = found.record && found.record.updated;
      return found.record ? found.record.answers : {};
    }

    // The stored record to change; null (and the learner told) if it is newer, unread, or damaged and not set aside.
    current() {
      const found = read(this.key);
      if (found.newer || this.locked) {
        this.refresh();
        return null;
      }
      if (found.blocked) {
        // Writing now would replace answers this page could not read.
        this.alert(t("store.blocked"));
        return null;
      }
      if (found.damaged && setAside(this.key, found.damaged).error) {
        this.alert(t("store.full"));
        return null;
      }
      return found.record || { answers: {}, takes: [], kept: {} };
    }

    // Writes only the part the learner changed, on top of what is stored now.
    save(target) {
      const part = this.parts.find(({ element }) => element.contains(target));
      if (!part) return;
      const record = this.current();
      if (!record) return;
      const answers = Object.assign({}, record.answers);
      const kept = Object.assign({}, record.kept);
      const before = answers[part.id];
      const { value, keep } = part.update(part.element, before, target);
      if (keep) kept[part.id] = (kept[part.id] || []).concat([before]);
      if (value === undefined) delete answers[part.id];
      else answers[part.id] = value;
      if (Object.keys(answers).length) this.undo = null;
      if (this.commit(answers, record.takes, undefined, kept)) this.score();
    }

    // Writes the record; false (and the learner is told) when it does not fit.
    commit(answers, takes, updated, kept = this.kept) {
      const record = makeRecord(this.id, this.root.dataset.workbookKind, answers, takes, updated, kept);
      if (write(this.key, record)) {
        this.alert(t("store.full"));
        return false;
      }
      this.answers = answers;
      this.takes = takes;
      this.kept = kept;
      this.updated = record.updated;
      this.alert("");
      this.noteUnshown();
      this.status(t("store.saved_at", { time: timeOfDay(new Date()) }));
      this.tellCopies();
      return true;
    }

    // Deletes every answer to this exercise, kept ones too; takes stay.
    clear() {
      const record = this.current();
      if (!record) return;
      if (record.takes.length) {
        if (!this.commit({}, record.takes, undefined, {})) return;
        this.status(t("store.cleared_takes_kept"));
      } else {
        storage.remove(this.key);
        this.answers = {};
        this.kept = {};
        this.takes = [];
        this.status(t("store.cleared"));
        this.tellCopies();
      }
      this.undo = null;
      this.show();
    }

    // Keeps the complete answers as an earlier take, dated when they were last changed, and empties the form.
    newTake() {
      const { record } = read(this.key);
      if (!record || !Object.keys(record.answers).length || !score(this.root, record.answers).complete) return;
      const take = { date: isDate(record.updated) ? record.updated : new Date().toISOString(), answers: record.answers };
      if (!this.commit({}, record.takes.concat([take]), undefined, record.kept)) return;
      this.undo = take;
      this.show();
      this.root.querySelector("[data-workbook-action='undo-take']").focus();
    }

    // "None of these applies to me": every tick box a no.
    noneApplies() {
      const record = this.current();
      if (!record) return;
      const answers = Object.assign({}, record.answers);
      this.parts.filter((part) => part.type === tickItem).forEach((part) => { answers[part.id] = false; });
      this.undo = null;
      if (this.commit(answers, record.takes, undefined, record.kept)) this.show();
    }

    undoTake() {
      const { record } = read(this.key);
      const take = record && record.takes[record.takes.length - 1];
      if (take && same(take, this.undo) && !Object.keys(record.answers).length) {
        this.commit(take.answers, record.takes.slice(0, -1), take.date, record.kept);
      }
      this.undo = null;
      this.show();
      this.root.querySelector("[data-workbook-action='new-take']").focus();
    }

    score() {
      if (this.checklist) this.showTakes(showScore(this.root, this.answers));
    }

    // Earlier takes and the retake box.
    showTakes(result) {
      const list = this.root.querySelector("[data-workbook-take-list]");
      const box = this.root.querySelector("[data-workbook-retake]");
      this.root.querySelector("[data-workbook-takes-kept]").hidden = !this.takes.length;
      list.replaceChildren(...this.takes.map((take) => {
        const taken = score(this.root, take.answers);
        const subscores = categories(this.root).map(([id, title]) => {
          const entry = taken.categories[id];
          if (entry.value === null) return `${title} ${subscoreText(entry)}`;
          return t(entry.bandLabel ? "takes.item_area_band" : "takes.item_area", { title, total: shown(entry, entry.value), max: bound(entry.max), band: entry.bandLabel });
        });
        const total = taken.total;
        const id = !total.show || total.value === null ? "takes.item_areas" : total.bandLabel ? "takes.item_band" : "takes.item";
        const values = { date: "\u0000", total: total.value === null ? "" : shown(total, total.value), max: bound(total.max), band: total.bandLabel };
        const item = document.createElement("li");
        // The date as a <time> element where the sentence has it.
        const [before, after] = t(id, values).split("\u0000");
        item.append(before, dateElement(take.date), `${after}${subscores.length ? ` ${joinList(subscores)}.` : ""}`);
        return item;
      }));
      list.parentElement.hidden = !this.takes.length;
      // Ticks count as answered even when none are ticked: a take needs at least one answer.
      const complete = result.complete && Object.keys(this.answers).length > 0;
      const undo = Boolean(this.undo) && !Object.keys(this.answers).length;
      box.hidden = this.locked || !(complete || undo);
      box.querySelector("[data-workbook-retake-text]").textContent = undo
        ? t("takes.undo_text", { date: day(this.undo.date) })
        : t("takes.retake_text", { date: day(this.updated) });
      box.querySelector("[data-workbook-action='new-take']").hidden = undo;
      box.querySelector("[data-workbook-action='undo-take']").hidden = !undo;
    }

    // This checklist alone, offered for a share file.
    share() {
      withShare(() => {
        const { record } = read(this.key);
        const title = this.root.querySelector(".workbook-title");
        const box = this.root.querySelector("[data-workbook-share-box]");
        // The preview's words come with the box: chapters' own messages stay few.
        learn(box);
        api.openShare(box, this.root.dataset.workbookNamespace, {
          checklists: [{ id: this.id, title: title ? title.textContent : this.id, root: this.root, record: record || { answers: {}, takes: [] } }],
          texts: [],
        }, (text) => this.status(text));
      });
    }

    // --- messages and the actions ---

    status(text) {
      this.root.querySelector("[data-workbook-status]").textContent = text;
    }

    alert(text) {
      const element = this.root.querySelector("[data-workbook-alert]");
      element.textContent = text;
      element.hidden = !text;
    }

    setUpActions() {
      const actions = this.root.querySelector("[data-workbook-actions]");
      const clear = actions.querySelector("[data-workbook-action='clear']");
      const confirm = actions.querySelector("[data-workbook-confirm]");
      const close = () => {
        confirm.hidden = true;
        clear.hidden = false;
        clear.focus();
      };
      this.root.addEventListener("click", (event) => {
        const button = event.target.closest("button");
        if (!button) return;
        const { workbookAction: action, workbookConfirm: choice } = button.dataset;
        if (action === "clear") {
          confirm.hidden = false;
          clear.hidden = true;
          // The safe answer has the focus, so a stray Enter keeps the answers.
          confirm.querySelector("[data-workbook-confirm='no']").focus();
        }
        if (choice === "yes") this.clear();
        if (choice) close();
        if (action === "new-take") this.newTake();
        if (action === "none-apply") this.noneApplies();
        if (action === "undo-take") this.undoTake();
        if (action === "share") this.share();
      });
      confirm.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
    }
  }

  // --- on paper: the learner's answers, or the same sheets blank -----------

  // A text box clips a long answer on paper: before printing, each gets a copy of its text
  // that grows with it (print.css shows the copy instead of the box).
  const copyAnswersToPaper = () => document.querySelectorAll(".workbook-input").forEach((control) => {
    let paper = control.nextElementSibling;
    if (!paper || !paper.classList.contains("workbook-paper")) {
      paper = document.createElement("div");
      paper.className = "workbook-paper";
      paper.setAttribute("aria-hidden", "true");
      paper.style.setProperty("--workbook-lines", control.dataset.workbookLines || 1);
      control.after(paper);
    }
    paper.textContent = control.closest(".workbook-blank") ? "" : control.value;
  });

  // Classes that "Print" and "Print blank" set for one printing, taken off afterwards.
  let printing = [];
  const endPrinting = () => {
    printing.forEach(([element, name]) => element.classList.remove(name));
    printing = [];
  };
  const printSheets = (button) => {
    endPrinting();
    const exercise = button.closest("[data-workbook-exercise]");
    const target = exercise || button.closest("[data-workbook-pack]") || document.body;
    const classes = exercise ? [[document.documentElement, "workbook-printing"], [exercise, "workbook-print-target"]] : [];
    if (button.dataset.workbookAction === "print-blank") classes.push([target, "workbook-blank"]);
    // A handouts pack is blank for good: only what was added here is taken off.
    printing = classes.filter(([element, name]) => !element.classList.contains(name));
    printing.forEach(([element, name]) => element.classList.add(name));
    window.print();
  };

  window.addEventListener("beforeprint", copyAnswersToPaper);
  window.addEventListener("afterprint", endPrinting);
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-workbook-action^='print']");
    if (button) printSheets(button);
  });

  // The interface between the two scripts, all of it: my-workbook.js reads these when it sets a page up, and
  // gives back `myWorkbook(page)`. Either may run first (it stands in the page, this file at its end; instant
  // navigation inserts it after this file has run), so each starts the page when it finds the other there.
  const api = Object.assign(window.workbook = window.workbook || {}, {
    // records in storage: read and write one, make one, set a damaged one aside; the shapes a value may take
    storage, read, write, makeRecord, setAside, isTake, isDate, fits,
    // a checklist's scores by its key: the total and per category, their bands, shown in a card; their texts
    score, categories, bandLabel, showScore, keyOf, subscoreText, fixed,
    // words, numbers and dates the learner reads, in the page's language
    t, learn, joinList, number, day, dayAndTime, timeOfDay, words,
    // values
    isObject, same,
  });

  const setUp = () => {
    // User Timing marks: benchmarks and curious authors can read "workbook:setup" in the performance timeline.
    performance.mark("workbook:setup-start");
    document.querySelectorAll("[data-workbook-exercise]").forEach((root) => {
      // Material's instant navigation can hand us the same page again; bind once.
      if (root.dataset.workbookReady) return;
      root.dataset.workbookReady = "true";
      new Exercise(root);
    });
    document.querySelectorAll("[data-workbook-print-toolbar]").forEach((toolbar) => { toolbar.hidden = false; });
    document.querySelectorAll("[data-workbook-my-workbook]:not([data-workbook-ready])").forEach((page) => {
      if (api.myWorkbook) api.myWorkbook(page);
    });
    performance.measure("workbook:setup", "workbook:setup-start");
  };

  // Another tab saved an exercise: every copy of it on this page takes its answers, so neither tab overwrites
  // the other. One listener for all pages: instant navigation swaps pages, the window stays.
  window.addEventListener("storage", (event) => {
    document.querySelectorAll("[data-workbook-exercise][data-workbook-ready]").forEach((root) => {
      if (root.workbookExercise && root.workbookExercise.key === event.key) root.workbookExercise.refresh();
    });
  });

  // Set up however the page came: loaded (DOMContentLoaded, or already parsed), or swapped in by Material's
  // instant navigation (announced on document$). Both may come for one page; setUp binds each part once.
  // document$ alone is not enough: opened from file://, Material's scripts may never announce the page.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(setUp);
})();
