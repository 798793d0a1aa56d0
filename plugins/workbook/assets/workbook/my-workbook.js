/* mkdocs-workbook: the My workbook page. Every answer read-only, takes of a checklist compared
   (table and inline SVG chart), export, import and clear of the whole workbook. Only that page
   loads this file, and the facilitator's debrief page, which reads exports and draws and saves charts
   with its helpers; storage, records and scoring come from workbook.js through the `workbook` global. */
(() => {
  "use strict";

  const api = (window.workbook = window.workbook || {});
  // Material's instant navigation runs this file again on every visit to the page: set up once.
  if (api.myWorkbook) return;


  // --- what the debrief page (facilitator's edition) reads from here too: it loads this file beside its own ---

  // Exercise, field, option and column ids, and storage namespaces: the loader's id alphabet.
  const ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
  // The value shapes of README's "Values:": text, a number, yes or no, a list of option ids, a table's rows.
  const isValue = (value) => typeof value === "string" || Number.isFinite(value) || typeof value === "boolean"
    || (Array.isArray(value) && (value.every((id) => typeof id === "string")
      || value.every((row) => api.isObject(row) && Object.entries(row).every(([column, text]) => ID.test(column) && typeof text === "string"))));
  const isAnswers = (answers) => api.isObject(answers) && Object.entries(answers).every(([id, value]) => ID.test(id) && isValue(value));

  // Text as Markdown that renders as exactly this text, in CommonMark and in Python-Markdown, raw HTML allowed
  // or not. Anywhere: HTML's, tables' and strikethrough's characters as character references, and with a
  // backslash (which both dialects take away) what makes emphasis, code, links, headings and attributes. At the
  // start of a line: what would begin a list, a rule, an underline or an admonition, and blanks (code, or lost);
  // and as character references what begins a definition (`: `), a collapsible block (`???`) or a pymdownx block
  // (`/// html | div[onclick=...]`, which writes any element with any attribute).
  // Every line break is a hard break (two spaces), a blank line a space, so that the lines stay as written.
  const SPECIAL = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;", "=": "&#61;", "\t": "&#9;", " ": "&#32;", ":": "&#58;", "?": "&#63;", "/": "&#47;" };
  const inlineText = (text) => text.replace(/[&<>|~=\\`*_{}[\]#]/g, (char) => SPECIAL[char] || `\\${char}`);
  const markdownText = (text) => text.split(/\r\n|\r|\n/).map((line) => inlineText(line)
    .replace(/^[ \t]+|^[-+!:?\/]|^(\d+)([.)])/, (mark, digits, stop) => (digits ? `${digits}\\${stop}`
      : Array.from(mark, (char) => SPECIAL[char] || `\\${char}`).join(""))) || "&#32;").join("  \n");
  // A table cell holds one line, and nothing in it starts a block.
  const cell = (text) => inlineText(text.replace(/\s*[\r\n]+\s*/g, " "));

  const markdownTable = (head, rows) => {
    const row = (cells) => `| ${cells.map((text) => cell(String(text))).join(" | ")} |`;
    return [row(head), `|${" --- |".repeat(head.length)}`, ...rows.map(row)];
  };

  // A change between two takes (or two means), with the scores' decimals and its sign; "+2" stays "+2" in a
  // right-to-left cell (a left-to-right mark keeps the sign before the number).
  const signed = (change, decimals) => {
    const flat = Math.abs(change) < 1e-9 ? 0 : change;
    return `${api.words().direction === "rtl" ? "\u200e" : ""}${flat > 0 ? "+" : ""}${api.fixed(flat, decimals)}`;
  };

  const svg = (name, attributes, text) => {
    const element = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.entries(attributes).forEach(([attribute, value]) => element.setAttribute(attribute, value));
    if (text !== undefined) element.textContent = text;
    return element;
  };

  // A chart of change (My workbook's takes, the debrief page's group): two bars per area, the first take's above the
  // latest's, each as a share of the area's highest score.
  // rows: [title, first, latest, max], first and latest a score (value and decimals). Its text alternative is
  // `description`; the numbers are also in a table beside it.
  const changeChart = (rows, description, firstLabel, latestLabel) => {
    const width = 400;
    const barWidth = 330;
    const rowHeight = 46;
    // The legend on two lines: a date with its time of day fills half the width in some languages.
    const top = 44;
    // Right to left (Hebrew, Arabic), the bars grow from the right, as the page reads; the text, which takes the
    // page's direction, starts at its x (its right end).
    const rtl = api.words().direction === "rtl";
    const at = (x, size = 0) => (rtl ? width - x - size : x);
    const element = svg("svg", {
      class: "workbook-chart", role: "img", "aria-label": description,
      viewBox: `0 0 ${width} ${top + rows.length * rowHeight}`, preserveAspectRatio: rtl ? "xMaxYMin meet" : "xMinYMin meet",
    });
    [["first", firstLabel, 4], ["latest", latestLabel, 22]].forEach(([kind, text, y]) => {
      element.append(svg("rect", { class: `workbook-chart-${kind}`, x: at(0, 12), y, width: 12, height: 12 }), svg("text", { x: at(18), y: y + 10 }, text));
    });
    rows.forEach(([title, first, latest, max], index) => {
      const y = top + index * rowHeight;
      element.append(svg("text", { class: "workbook-chart-label", x: at(0), y: y + 12 }, api.t("my.chart_row", { title, change: signed(latest.value - first.value, first.decimals) })));
      [["first", first, 16], ["latest", latest, 30]].forEach(([kind, entry, offset]) => {
        const length = Math.max(1, Math.round((max ? entry.value / max : 0) * barWidth));
        element.append(svg("rect", { class: `workbook-chart-${kind}`, x: at(0, length), y: y + offset, width: length, height: 11 }),
          svg("text", { x: at(length + 5), y: y + offset + 10 }, api.fixed(entry.value, entry.decimals)));
      });
    });
    return element;
  };

  // The full export of My workbook (written and imported here; the debrief page reads it): 2 added `takes`, 3
  // `kept`. Files of every version up to it can be read.
  const EXPORT_FORMAT = "mkdocs-workbook-answers";
  const EXPORT_VERSION = 3;
  const isKeptAnswers = (kept) => api.isObject(kept) && Object.entries(kept).every(([id, values]) => ID.test(id) && Array.isArray(values) && values.every(isValue));
  // What is wrong with a parsed export for this course, as a reason (each page words it): "not-ours", "no-version",
  // "newer", "other-course", "damaged" (any answer, kept answer or take's answer not of README's shapes); null if nothing.
  const exportProblem = (data, namespace) => {
    if (!api.isObject(data) || data.format !== EXPORT_FORMAT) return "not-ours";
    if (!Number.isInteger(data.version) || data.version < 1) return "no-version";
    if (data.version > EXPORT_VERSION) return "newer";
    if (data.course !== namespace) return "other-course";
    const valid = ([id, record]) => ID.test(id) && api.isObject(record) && isAnswers(record.answers)
      && (record.kind === undefined || record.kind === "worksheet" || record.kind === "checklist")
      && (record.takes === undefined || (Array.isArray(record.takes) && record.takes.every((take) => api.isTake(take) && isAnswers(take.answers))))
      && (record.kept === undefined || isKeptAnswers(record.kept));
    return api.isObject(data.exercises) && Object.entries(data.exercises).every(valid) ? null : "damaged";
  };

  // A file the learner or facilitator saves: made here, never sent anywhere.
  const download = (name, type, text) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  // --- sharing with the facilitator: a file of only what the learner chooses (from a checklist too: workbook.js
  // fetches this file there when the learner asks) -----------------------------------------------------------
  // README, "Sharing with your facilitator": the format, and what the debrief page does with it.

  const SHARE_FORMAT = "mkdocs-workbook-share";
  const SHARE_VERSION = 1;

  // Every word of the share preview: "share." messages, which My workbook's root and a checklist's share box bring.
  const shareText = (id, values) => api.t(`share.${id}`, values);

  // The one place where sharing and the debrief page score a take, by the checklist's scoring key (workbook.js's
  // score, the twin of model/scoring.py): null until every score the checklist shows has a value (a take half
  // done is not shared, nor counted).
  const shareScores = (root, answers) => {
    const result = api.score(root, answers);
    const shown = result.scores.filter((entry) => entry.show);
    if ((shown.length ? shown : result.scores).some((entry) => entry.value === null)) return null;
    // `total` is the score's value (null while the answers give none), as the checklist showed it.
    const part = (entry) => ({ total: entry.value, min: entry.min, max: entry.max, band: entry.bandLabel || null });
    return Object.assign(part(result.total), {
      categories: Object.fromEntries(result.scores.slice(1).map((entry) => [entry.category, part(entry)])),
    });
  };

  // "2026-11-01": the day in the learner's own time zone, nothing finer.
  const shareDay = (iso) => {
    const date = new Date(iso);
    return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, "0")).join("-");
  };

  // A checklist's takes as shared: every scored one, earlier takes and then the current answers, each with its day,
  // its answers to the statements this release asks, and its scores.
  const shareTakes = (root, record) => {
    const items = Object.keys(api.keyOf(root).items);
    const current = Object.keys(record.answers).length ? [{ date: record.updated, answers: record.answers }] : [];
    return record.takes.concat(current).map((take) => {
      const answers = Object.fromEntries(Object.entries(take.answers).filter(([id]) => items.includes(id)));
      return { date: shareDay(take.date), answers, scores: shareScores(root, answers) };
    }).filter((take) => take.scores && Object.keys(take.answers).length);
  };

  const randomId = () => Array.from(window.crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");

  const checkbox = (text, checked, onChange) => {
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = checked;
    input.addEventListener("change", onChange);
    label.append(input, ` ${text}`);
    return label;
  };

  const fieldset = (legend, labels) => {
    const element = document.createElement("fieldset");
    const title = document.createElement("legend");
    title.textContent = legend;
    element.append(title, ...labels);
    return element;
  };

  // The preview, in `box`: what to share, ticked; the file exactly as it will be saved; Save and Cancel.
  // checklists: [{id, title, root (scored like the checklist), record}]; texts: [{exercise, field, title, value}].
  // `say` tells the learner what happened.
  const openShare = (box, namespace, { checklists, texts }, say) => {
    const shared = shareDay(new Date().toISOString());
    const offered = checklists.map((checklist) => Object.assign({ takes: shareTakes(checklist.root, checklist.record), chosen: true }, checklist))
      .filter((checklist) => checklist.takes.length);
    const words = texts.map((text) => Object.assign({ chosen: false }, text));
    const file = () => {
      const data = { format: SHARE_FORMAT, version: SHARE_VERSION, course: namespace, shared, id: randomId(), checklists: {} };
      offered.filter((checklist) => checklist.chosen).forEach((checklist) => { data.checklists[checklist.id] = { takes: checklist.takes }; });
      words.filter((text) => text.chosen).forEach((text) => {
        data.texts = data.texts || {};
        (data.texts[text.exercise] = data.texts[text.exercise] || {})[text.field] = text.value;
      });
      return data;
    };
    const title = document.createElement("p");
    title.id = `${box.id}-title`;
    title.append(document.createElement("strong"));
    title.firstChild.textContent = shareText("title");
    const intro = document.createElement("p");
    intro.textContent = shareText(offered.length || words.length ? "intro" : "nothing");
    const holds = document.createElement("p");
    holds.id = `${box.id}-holds`;
    holds.textContent = shareText("holds");
    const preview = document.createElement("pre");
    preview.className = "workbook-share-file";
    preview.tabIndex = 0;
    preview.setAttribute("aria-labelledby", holds.id);
    preview.dataset.workbookSharePreview = "";
    const button = (text, choice, primary) => {
      const element = document.createElement("button");
      element.type = "button";
      element.className = `md-button workbook-button${primary ? " md-button--primary" : ""}`;
      element.dataset.workbookShare = choice;
      element.textContent = text;
      return element;
    };
    const save = button(shareText("save"), "save", true);
    const cancel = button(shareText("cancel"), "cancel");
    let data = null;
    const update = () => {
      data = file();
      preview.textContent = JSON.stringify(data, null, 2);
      save.disabled = !Object.keys(data.checklists).length && !data.texts;
    };
    const choose = (choice) => (event) => {
      choice.chosen = event.target.checked;
      update();
    };
    const close = (text) => {
      box.replaceChildren();
      box.hidden = true;
      say(text);
    };
    save.addEventListener("click", () => {
      const name = `${namespace}-share-${shared}.json`;
      download(name, "application/json", `${JSON.stringify(data, null, 2)}\n`);
      close(shareText("saved", { name }));
    });
    cancel.addEventListener("click", () => close(shareText("cancelled")));
    box.replaceChildren(title, intro);
    if (offered.length) box.append(fieldset(shareText("checklists"), offered.map((checklist) => checkbox(shareText("checklist", { title: checklist.title, takes: shareText("takes", { count: checklist.takes.length }) }), true, choose(checklist)))));
    if (words.length) box.append(fieldset(shareText("texts"), words.map((text) => checkbox(text.title, false, choose(text)))));
    box.append(holds, preview, save, cancel);
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", title.id);
    // The preview itself takes the focus: a screen reader reads its title, and Tab goes through what it offers.
    box.tabIndex = -1;
    box.hidden = false;
    update();
    box.focus();
  };



  // The entries of one course, matched exactly, so that course "a" never takes "a:b"'s for its own:
  // {ids: exercise ids with an entry, copies: keys of damaged entries set aside}.
  const courseEntries = (prefix) => {
    const ids = [];
    const copies = [];
    let keys = [];
    try {
      keys = Object.keys(window.localStorage);
    } catch (error) {
      // Storage switched off: the course has no entries here.
    }
    keys.filter((key) => key.startsWith(prefix)).forEach((key) => {
      const [id, aside, time, ...rest] = key.slice(prefix.length).split(":");
      if (!ID.test(id)) return;
      if (aside === undefined) ids.push(id);
      else if (aside === "unreadable" && /^\d+$/.test(time || "") && !rest.length) copies.push(key);
    });
    return { ids, copies };
  };

  // Every entry of the course by exercise id, read (and migrated) once: {record}, {newer}, {blocked} or {damaged}.
  const readAll = (prefix) => {
    const entries = {};
    courseEntries(prefix).ids.forEach((id) => { entries[id] = api.read(prefix + id); });
    return entries;
  };

  // The ids a card's answer to one field or statement can be among, and its type (as workbook.js's `fits` knows them).
  const cardPart = (card, id) => {
    const field = Array.from(card.querySelectorAll("[data-workbook-answer]")).find((element) => element.dataset.workbookAnswer === id);
    if (field) {
      const columns = Array.from(field.querySelectorAll("th"), (th) => th.dataset.column);
      return [field.dataset.workbookType, columns.length ? columns : Array.from(field.querySelectorAll("[data-value]"), (label) => label.dataset.value)];
    }
    const items = card.querySelector("[data-workbook-key]") ? api.keyOf(card).items : {};
    if (!Object.prototype.hasOwnProperty.call(items, id)) return null;
    const item = items[id];
    return [item.answers === "likert" ? "likert" : "tick", Object.keys(item.points)];
  };
  // Whether this release shows a stored answer in full (false for a field, option, point or column it no longer has).
  const cardShows = (card, id, value) => {
    const part = card && cardPart(card, id);
    return Boolean(part) && api.fits(part[0], part[1], value);
  };

  // Order does not matter: an import may list the same answers in another order.
  const sameAnswers = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((key) => key in b && api.same(a[key], b[key]));

  // --- showing answers, takes and the change between takes ----------------

  // Shows one answer as text (choices by their labels) or as a table; false when there is none.
  const showAnswer = (answer, value) => {
    const text = answer.querySelector("[data-workbook-answer-text]");
    const table = answer.querySelector("table");
    const labels = Array.from(answer.querySelectorAll("[data-value]"));
    text.hidden = false;
    if (table) table.hidden = true;
    if (value === undefined) {
      text.textContent = "–";
      return false;
    }
    if (table && Array.isArray(value)) {
      const columns = Array.from(table.querySelectorAll("th"), (th) => th.dataset.column);
      const body = table.tBodies[0];
      body.replaceChildren();
      value.filter((row) => row && Object.keys(row).length).forEach((row) => {
        const tr = body.insertRow();
        columns.forEach((column) => { tr.insertCell().textContent = typeof row[column] === "string" ? row[column] : ""; });
      });
      table.hidden = false;
      text.hidden = true;
    } else if (labels.length) {
      const chosen = (Array.isArray(value) ? value : [value]).map(String);
      text.textContent = labels.filter((label) => chosen.includes(label.dataset.value)).map((label) => label.textContent).join("; ") || "–";
    } else {
      text.textContent = String(value);
    }
    return true;
  };

  const table = (caption, head, rows) => {
    const element = document.createElement("table");
    element.className = "workbook-table";
    element.createCaption().textContent = caption;
    const header = element.createTHead().insertRow();
    head.forEach((text) => {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text;
      header.append(th);
    });
    const body = element.createTBody();
    rows.forEach((row) => {
      const tr = body.insertRow();
      row.forEach((text) => { tr.insertCell().textContent = text; });
    });
    return element;
  };

  // Every take of a checklist with its date and score; from two takes on, the change per area as a chart and a table.
  const showTakes = (card, takes) => {
    const box = card.querySelector("[data-workbook-summary-takes]");
    box.replaceChildren();
    box.hidden = takes.length < 2;
    if (box.hidden) return;
    // A take kept before an item was added may lack it: such a score is estimated or left out, never invented.
    const results = takes.map((take) => api.score(card, take.answers));
    const days = takes.map((take) => api.day(take.date));
    const dates = takes.map((take, index) => (days.indexOf(days[index]) !== days.lastIndexOf(days[index]) ? api.dayAndTime(take.date) : days[index]));
    const first = results[0];
    const latest = results[results.length - 1];
    const areas = api.categories(card).map(([id, title]) => [title, first.categories[id], latest.categories[id]]);
    const total = latest.total.show ? [[api.t("my.total"), first.total, latest.total]] : [];
    const both = (entries) => entries.filter(([, a, b]) => a.value !== null && b.value !== null);
    const rows = both(areas.length ? areas : total).map(([title, a, b]) => [title, a, b, b.max]);
    const value = (entry) => api.fixed(entry.value, entry.decimals);
    // In the table of change, where every score is one: "8 of 15".
    const ofMax = (entry) => api.t("my.change_of", { total: value(entry), max: api.number(entry.max) });
    const description = api.t("my.chart_description", {
      first: dates[0],
      latest: dates[dates.length - 1],
      changes: api.joinList(rows.map(([title, a, b]) => api.t("my.chart_change", { title, from: value(a), to: value(b), max: api.number(b.max), change: signed(b.value - a.value, b.decimals) }))),
    });
    const intro = document.createElement("p");
    intro.textContent = api.t("my.takes_count", { count: takes.length });
    const scoreOf = (result) => (result.total.show
      ? (result.total.value !== null ? api.t("my.takes_out_of", { total: value(result.total), max: api.number(result.total.max) }) : "–")
      : api.joinList(api.categories(card).map(([id, title]) => `${title} ${api.subscoreText(result.categories[id])}`)));
    box.append(
      intro,
      table(api.t("my.takes_table"), [api.t("my.takes_date"), api.t("my.takes_score"), api.t("my.takes_result")],
        results.map((result, index) => [dates[index], scoreOf(result), api.bandLabel(result) || "–"])),
    );
    if (rows.length) box.append(changeChart(rows, description, api.t("my.chart_first", { date: dates[0] }), api.t("my.chart_latest", { date: dates[dates.length - 1] })));
    box.append(
      table(api.t("my.change_table"), [api.t("my.change_area"), api.t("my.change_first", { date: dates[0] }), api.t("my.change_latest", { date: dates[dates.length - 1] }), api.t("my.change")],
        areas.concat(total).map(([title, a, b]) => [title,
          a.value !== null ? ofMax(a) : "–", b.value !== null ? ofMax(b) : "–",
          a.value !== null && b.value !== null ? signed(b.value - a.value, b.decimals) : "–"])),
    );
  };


  const orphan = (heading, value) => {
    const item = document.createElement("article");
    const title = document.createElement("h3");
    const body = document.createElement("pre");
    title.textContent = heading;
    body.textContent = JSON.stringify(value, null, 2);
    item.append(title, body);
    return item;
  };

  // One card: its answers shown, its status set; what it cannot show goes to `orphans`. Returns the status.
  const summariseCard = (card, record, first, orphans) => {
    const answers = record ? record.answers : {};
    let status = "none";
    let known;
    if (card.dataset.workbookKind === "worksheet") {
      const fields = Array.from(card.querySelectorAll("[data-workbook-answer]"));
      known = fields.map((field) => field.dataset.workbookAnswer);
      const shown = fields.filter((field) => showAnswer(field, answers[field.dataset.workbookAnswer])).length;
      status = shown === 0 ? "none" : shown === fields.length ? "done" : "some";
    } else {
      known = Object.keys(api.keyOf(card).items);
      const takes = record ? record.takes : [];
      const open = Object.keys(answers).length > 0;
      // Between two takes the form is empty: the card shows the latest kept take.
      const result = api.showScore(card, open || !takes.length ? answers : takes[takes.length - 1].answers);
      if (record) status = result.complete ? "done" : "some";
      else card.querySelector("[data-workbook-score]").textContent = api.t("my.not_taken");
      showTakes(card, open && result.complete ? takes.concat([{ date: record.updated, answers }]) : takes);
    }
    // A checklist taken in two chapters has two cards; what they cannot show is listed once.
    if (record && first) {
      const title = card.querySelector("h3 a").textContent;
      const pick = (keys) => Object.fromEntries(keys.map((key) => [key, answers[key]]));
      const gone = Object.keys(answers).filter((key) => !known.includes(key));
      const unshown = known.filter((key) => key in answers && !cardShows(card, key, answers[key]));
      if (gone.length) orphans.push(orphan(api.t("my.orphan_gone", { title }), pick(gone)));
      if (unshown.length) orphans.push(orphan(api.t("my.orphan_unshown", { title }), pick(unshown)));
      if (Object.keys(record.kept).length) orphans.push(orphan(api.t("my.orphan_kept", { title }), record.kept));
    }
    return status;
  };

  const summarise = (page) => {
    const entries = readAll(`workbook:${page.dataset.workbookNamespace}:`);
    const statuses = {};
    // Answers this release no longer asks for or cannot show: kept and shown, never deleted.
    const orphans = [];
    page.querySelectorAll("[data-workbook-summary]").forEach((card) => {
      const id = card.dataset.workbookSummary;
      let status;
      try {
        status = summariseCard(card, (entries[id] || {}).record, !(id in statuses), orphans);
      } catch (error) {
        // One record this page cannot show must not keep the others, or the toolbar, from working.
        status = "some";
        card.querySelector("[data-workbook-score], [data-workbook-answer-text]").textContent = api.t("my.cannot_show");
      }
      card.querySelector("[data-workbook-status-badge]").textContent = api.t(`my.status.${status}`);
      card.dataset.workbookStatus = status;
      statuses[id] = status;
    });

    const progress = (cards) => {
      const counts = { none: 0, some: 0, done: 0 };
      cards.forEach((status) => { counts[status] += 1; });
      return api.t("my.progress", { done: counts.done, count: cards.length, some: counts.some });
    };
    page.querySelectorAll("[data-workbook-chapter]").forEach((chapter) => {
      const cards = Array.from(chapter.querySelectorAll("[data-workbook-summary]"), (card) => card.dataset.workbookStatus);
      chapter.querySelector("[data-workbook-progress='chapter']").textContent = progress(cards);
    });
    page.querySelector("[data-workbook-progress='course']").textContent = api.t("my.progress_course", { progress: progress(Object.values(statuses)) });

    Object.entries(entries).filter(([id, entry]) => entry.record && !(id in statuses)).forEach(([id, { record }]) => {
      const rest = Object.fromEntries([["takes", record.takes], ["kept", record.kept]].filter(([, value]) => Object.keys(value).length));
      orphans.push(orphan(id, Object.keys(rest).length ? Object.assign({ answers: record.answers }, rest) : record.answers));
    });
    const section = page.querySelector("[data-workbook-orphans]");
    section.querySelector("[data-workbook-orphan-list]").replaceChildren(...orphans);
    section.hidden = !orphans.length;

    const newer = Object.values(entries).filter((entry) => entry.newer).length;
    const notice = page.querySelector("[data-workbook-newer]");
    notice.textContent = newer ? api.t("my.newer", { count: newer }) : "";
    notice.hidden = !newer;
  };

  // --- export, import and clear of the whole workbook --------------------

  // What an export holds, and what it cannot: {exercises, texts: the stored text of each exported entry,
  // by key (clear deletes exactly these), left: counts of what stays in this browser, by reason}.
  const exportable = (prefix) => {
    const exercises = {};
    const texts = {};
    const left = { newer: 0, damaged: 0, blocked: 0, copies: courseEntries(prefix).copies.length };
    Object.entries(readAll(prefix)).forEach(([id, entry]) => {
      const text = entry.record && api.storage.get(prefix + id).value;
      if (typeof text !== "string") {
        // Newer ones are left alone, damaged ones reported on their exercise's page, unreadable ones not seen.
        left[entry.newer ? "newer" : entry.blocked ? "blocked" : "damaged"] += 1;
        return;
      }
      const { kind, updated, answers, takes, kept } = entry.record;
      exercises[id] = { kind, updated, answers, takes, kept };
      texts[prefix + id] = text;
    });
    return { exercises, texts, left };
  };

  const leftText = ({ newer, damaged, blocked, copies }) => {
    const parts = [
      newer && api.t("my.left_newer", { count: newer }),
      damaged && api.t("my.left_damaged", { count: damaged }),
      copies && api.t("my.left_copies", { count: copies }),
      blocked && api.t("my.left_blocked", { count: blocked }),
    ].filter(Boolean);
    return parts.length ? api.t("my.left_intro", { parts: api.joinList(parts) }) : "";
  };


  const tableLines = (element) => markdownTable(Array.from(element.tHead.rows[0].cells, (th) => th.textContent),
    Array.from(element.tBodies[0].rows, (tr) => Array.from(tr.cells, (td) => td.textContent)));

  // Code that no text can end early: an indented block, the same in every dialect.
  const codeLines = (text) => text.split("\n").map((line) => `    ${line}`);

  const actionPlan = (page) => {
    const lines = [`# ${markdownText(api.t("export.title"))}`, "", markdownText(api.t("export.date", { date: api.day(new Date().toISOString()) }))];
    page.querySelectorAll("[data-workbook-chapter]").forEach((chapter) => {
      const cards = Array.from(chapter.querySelectorAll("[data-workbook-summary]")).filter((card) => card.dataset.workbookStatus !== "none");
      if (!cards.length) return;
      lines.push("", `## ${markdownText(chapter.querySelector("h2").textContent.trim())}`);
      cards.forEach((card) => {
        lines.push("", `### ${markdownText(card.querySelector("h3 a").textContent.trim())}`);
        card.querySelectorAll("[data-workbook-answer]").forEach((answer) => {
          const answerTable = answer.querySelector("table");
          const text = answer.querySelector("[data-workbook-answer-text]").textContent;
          const label = `**${markdownText(answer.previousElementSibling.textContent.trim())}**`;
          if (answerTable && !answerTable.hidden) lines.push("", label, "", ...tableLines(answerTable));
          else if (text !== "–") lines.push("", label, "", markdownText(text));
        });
        const score = card.querySelector("[data-workbook-score]");
        if (score) {
          lines.push("", markdownText(score.textContent));
          // A blank line first: Python-Markdown starts no list inside a paragraph.
          card.querySelectorAll("[data-workbook-subscore]").forEach((sub, index) => lines.push(...(index ? [] : [""]), `- ${markdownText(sub.textContent.trim())}`));
        }
        card.querySelectorAll("[data-workbook-summary-takes] table").forEach((takes) => lines.push("", `**${markdownText(takes.caption.textContent)}**`, "", ...tableLines(takes)));
      });
    });
    const orphans = page.querySelectorAll("[data-workbook-orphan-list] article");
    if (orphans.length) lines.push("", `## ${markdownText(api.t("export.orphans"))}`);
    orphans.forEach((item) => lines.push("", `### ${markdownText(item.querySelector("h3").textContent)}`, "", ...codeLines(item.querySelector("pre").textContent)));
    return `${lines.join("\n")}\n`;
  };

  // Why an import is refused, by exportProblem: the message of each reason.
  const IMPORT_REFUSED = {
    "not-ours": "my.import_not_export",
    "no-version": "my.import_no_version",
    newer: "my.import_newer",
    "other-course": "my.import_other_course",
    damaged: "my.import_damaged",
  };

  // A file we did not write, from a newer release, or damaged, is refused with the reason; nothing changes.
  const parseImport = (text, namespace) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { error: api.t("my.import_not_json") };
    }
    const problem = exportProblem(data, namespace);
    if (problem) return { error: api.t(IMPORT_REFUSED[problem]) };
    return { exercises: data.exercises };
  };

  // Both lists of takes, each take once, oldest first.
  const mergeTakes = (mine, theirs) => {
    const all = new Map(mine.concat(theirs).map((take) => [JSON.stringify(take), take]));
    return Array.from(all.values()).sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
  };

  const keepOnce = (list, value) => (list.some((old) => api.same(old, value)) ? list : list.concat([value]));
  // Both sets of kept answers, each value once.
  const mergeKept = (mine, theirs) => {
    const kept = Object.assign({}, mine);
    Object.entries(theirs).forEach(([id, values]) => { kept[id] = values.reduce(keepOnce, kept[id] || []); });
    return kept;
  };

  const EMPTY = { answers: {}, takes: [], kept: {} };

  class WorkbookPage {
    constructor(page) {
      this.page = page;
      this.namespace = page.dataset.workbookNamespace;
      this.prefix = `workbook:${this.namespace}:`;
      this.pending = null;
      // What "Clear whole workbook" offered to export first, and so all that it deletes.
      this.offer = null;
      page.querySelector("[data-workbook-toolbar]").hidden = false;
      page.addEventListener("click", (event) => this.click(event));
      page.querySelector("input[data-workbook-action='import']").addEventListener("change", (event) => this.read(event.target));
    }

    say(text, alert = false) {
      const alertBox = this.page.querySelector("[data-workbook-page-alert]");
      alertBox.textContent = alert ? text : "";
      alertBox.hidden = !alert;
      this.page.querySelector("[data-workbook-page-status]").textContent = alert ? "" : text;
    }

    exportJson(offer = exportable(this.prefix)) {
      const { exercises, left } = offer;
      const data = { format: EXPORT_FORMAT, version: EXPORT_VERSION, course: this.namespace, exported: new Date().toISOString(), exercises };
      download(`${this.namespace}-answers.json`, "application/json", `${JSON.stringify(data, null, 2)}\n`);
      this.say(`${api.t("my.exported", { count: Object.keys(exercises).length })} ${leftText(left)}`.trim());
    }

    click(event) {
      const target = event.target.closest("button");
      if (!target) return;
      const { workbookAction: action, workbookClear: clear, workbookImport: choice } = target.dataset;
      const confirm = this.page.querySelector("[data-workbook-clear-confirm]");
      if (action === "export") this.exportJson();
      if (action === "share") this.share();
      if (action === "export-markdown") {
        download(`${this.namespace}-action-plan.md`, "text/markdown", actionPlan(this.page));
        this.say(api.t("my.exported_markdown"));
      }
      if (action === "clear") {
        this.offer = exportable(this.prefix);
        const kept = confirm.querySelector("[data-workbook-clear-kept]");
        if (kept) kept.textContent = leftText(this.offer.left);
        confirm.hidden = false;
        confirm.querySelector("[data-workbook-clear='no']").focus();
      }
      if (clear === "export" && this.offer) this.exportJson(this.offer);
      if (clear === "yes" && this.offer) this.clear(this.offer);
      if (clear === "yes" || clear === "no") {
        confirm.hidden = true;
        this.offer = null;
      }
      if (choice) this.apply(choice);
    }

    // Every checklist with answers, and (not ticked) every text the learner wrote, offered for a share file.
    share() {
      const entries = readAll(this.prefix);
      const seen = new Set();
      const checklists = [];
      const texts = [];
      this.page.querySelectorAll("[data-workbook-summary]").forEach((card) => {
        const id = card.dataset.workbookSummary;
        const record = !seen.has(id) && (entries[id] || {}).record;
        seen.add(id);
        if (!record) return;
        const title = card.querySelector("h3 a").textContent.trim();
        if (card.dataset.workbookKind === "checklist") checklists.push({ id, title, root: card, record });
        card.querySelectorAll("[data-workbook-answer]").forEach((field) => {
          const value = record.answers[field.dataset.workbookAnswer];
          if (["text", "long-text"].includes(field.dataset.workbookType) && typeof value === "string" && value.trim()) {
            texts.push({ exercise: id, field: field.dataset.workbookAnswer, title: shareText("field", { exercise: title, field: field.previousElementSibling.textContent.trim() }), value });
          }
        });
      });
      openShare(this.page.querySelector("[data-workbook-share-box]"), this.namespace, { checklists, texts }, (text) => this.say(text));
    }

    // Deletes exactly the entries the confirmation offered to export, each only if it is still as it was then.
    clear({ texts, left }) {
      const changed = Object.entries(texts).filter(([key, text]) => {
        if (api.storage.get(key).value !== text) return true;
        api.storage.remove(key);
        return false;
      }).length;
      summarise(this.page);
      const deleted = Object.keys(texts).length - changed;
      this.say([api.t("my.deleted", { count: deleted }),
        changed ? api.t("my.changed_kept", { count: changed }) : "", leftText(left)].filter(Boolean).join(" "));
    }

    read(input) {
      const file = input.files && input.files[0];
      if (!file) return;
      file.text().then((text) => {
        input.value = "";
        const parsed = parseImport(text, this.namespace);
        if (parsed.error) {
          this.say(parsed.error, true);
          return;
        }
        this.preview(parsed.exercises);
      });
    }

    mine(id) {
      return api.read(this.prefix + id).record || EMPTY;
    }

    preview(exercises) {
      const list = this.page.querySelector("[data-workbook-import-list]");
      list.replaceChildren();
      let conflicts = 0;
      Object.entries(exercises).forEach(([id, record]) => {
        const mine = this.mine(id);
        const keys = Object.keys(record.answers);
        const added = keys.filter((key) => !(key in mine.answers)).length;
        const differ = keys.filter((key) => key in mine.answers && !api.same(mine.answers[key], record.answers[key])).length;
        const takes = mergeTakes(mine.takes, record.takes || []).length - mine.takes.length;
        conflicts += differ;
        const card = this.page.querySelector(`[data-workbook-summary="${id}"] h3 a`);
        const item = document.createElement("li");
        // The title in front, the counts in brackets: a title ending in "?" reads badly before a colon.
        const counts = { title: card ? card.textContent : id, added, differ, same: keys.length - added - differ };
        item.textContent = takes ? api.t("my.import_counts_takes", { ...counts, count: takes }) : api.t("my.import_counts", counts);
        list.append(item);
      });
      this.pending = exercises;
      const box = this.page.querySelector("[data-workbook-import-preview]");
      box.querySelector("[data-workbook-import-question]").hidden = !conflicts;
      box.querySelector("[data-workbook-import='keep']").textContent = api.t(conflicts ? "my.import_keep" : "my.import_plain");
      box.querySelector("[data-workbook-import='replace']").hidden = !conflicts;
      box.hidden = false;
      box.querySelector("[data-workbook-import='cancel']").focus();
      this.say("");
    }

    // One exercise's record after the import: the answers the learner chose, both sets of takes and of kept
    // answers; an answer of mine the file replaces that this release cannot show is kept, not lost.
    merged(id, file, mine, choice) {
      const card = this.page.querySelector(`[data-workbook-summary="${id}"]`);
      const kept = mergeKept(mine.kept, file.kept || {});
      if (choice === "replace") {
        Object.entries(file.answers).filter(([key, value]) => key in mine.answers && !api.same(mine.answers[key], value)
          && !cardShows(card, key, mine.answers[key])).forEach(([key]) => { kept[key] = keepOnce(kept[key] || [], mine.answers[key]); });
      }
      const answers = choice === "keep" ? Object.assign({}, file.answers, mine.answers) : Object.assign({}, mine.answers, file.answers);
      // Answers keep the time they were given: a take made from them later carries that date.
      const updated = mine !== EMPTY && sameAnswers(answers, mine.answers) ? mine.updated : sameAnswers(answers, file.answers) ? file.updated : undefined;
      return api.makeRecord(id, file.kind || mine.kind, answers, mergeTakes(mine.takes, file.takes || []), updated, kept);
    }

    // All or nothing: if one exercise does not fit, everything written so far is put back as it was.
    apply(choice) {
      this.page.querySelector("[data-workbook-import-preview]").hidden = true;
      const exercises = this.pending;
      this.pending = null;
      if (choice === "cancel" || !exercises) {
        this.say(api.t("my.import_cancelled"));
        return;
      }
      const found = Object.entries(exercises).map(([id, file]) => [id, file, api.read(this.prefix + id)]);
      if (found.some(([, , entry]) => entry.blocked)) {
        // Writing a record we could not read would replace answers nobody has seen.
        this.say(api.t("my.import_blocked"), true);
        return;
      }
      const newer = found.filter(([, , entry]) => entry.newer).length;
      const undo = [];
      const failed = found.filter(([, , entry]) => !entry.newer).some(([id, file, entry]) => {
        const key = this.prefix + id;
        if (entry.damaged) {
          const aside = api.setAside(key, entry.damaged);
          if (aside.error) return true;
          if (aside.key) undo.push([aside.key, null]);
        }
        const before = api.storage.get(key).value;
        if (api.write(key, this.merged(id, file, entry.record || EMPTY, choice))) return true;
        undo.push([key, before]);
        return false;
      });
      if (failed) {
        // Putting back takes no more room than there was before the import.
        undo.reverse().forEach(([key, text]) => (text === null ? api.storage.remove(key) : api.storage.set(key, text)));
      }
      summarise(this.page);
      const count = found.length - newer;
      if (failed) this.say(api.t("my.import_full"), true);
      else this.say([api.t("my.imported", { count }), newer ? api.t("my.imported_newer", { count: newer }) : ""].filter(Boolean).join(" "));
    }
  }

  Object.assign(api, {
    // for the debrief page: values, the export's format, Markdown, charts, files
    ID, isValue, isAnswers, EXPORT_FORMAT, EXPORT_VERSION, exportProblem, markdownText, markdownTable, signed, svg, changeChart, download,
    // sharing: the file's format, how a take is scored and dated (the debrief page too), the preview (a checklist too)
    SHARE_FORMAT, SHARE_VERSION, shareScores, shareTakes, shareDay, openShare,
  });

  api.myWorkbook = (page) => {
    // User Timing, like "workbook:setup" in workbook.js: benchmarks read "workbook:my-workbook" in the performance timeline.
    performance.mark("workbook:my-workbook-start");
    // The toolbar first: whatever is stored, the learner can still export it.
    if (!page.dataset.workbookReady) {
      api.learn(page);
      page.dataset.workbookReady = "true";
      new WorkbookPage(page);
    }
    summarise(page);
    performance.measure("workbook:my-workbook", "workbook:my-workbook-start");
  };

  // Another tab saved answers: My workbook shows them at once. Only once the page is set up: this file
  // stands in the page, and a long page can get the event before workbook.js (at its end) has loaded.
  window.addEventListener("storage", () => document.querySelectorAll("[data-workbook-my-workbook][data-workbook-ready]").forEach(summarise));

  // Reached by instant navigation, this file runs after workbook.js has set the new page up (and found no
  // api.myWorkbook to call): it sets up the page itself. On a first load workbook.js is not there yet, and calls it.
  if (api.read) document.querySelectorAll("[data-workbook-my-workbook]:not([data-workbook-ready])").forEach(api.myWorkbook);
})();
