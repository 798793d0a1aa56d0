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

  const MESSAGES = {
    blocked: "This browser does not let the course store answers, so they will be lost when you leave the page. Allow site data for this site to keep them.",
    unreadable: "Your saved answers to this exercise could not be read, so the form starts empty. The damaged copy is kept in this browser and was not deleted.",
    full: "Your latest answers could not be saved: this browser's storage for the course is full or switched off. Copy your answers somewhere safe before you leave the page.",
    newer: "Your answers to this exercise were saved by a newer version of the course, so this page cannot show or change them. They are kept as they are: open the newest version of the course to see them.",
  };

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

  // --- values, files and Markdown that My workbook, sharing and the debrief page all read and write -----

  // Exercise, field, option and column ids, and storage namespaces: the loader's id alphabet.
  const ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
  // The value shapes of README's "Values:": text, a number, a ticked statement, a list of option ids, a table's rows.
  const isValue = (value) => typeof value === "string" || Number.isFinite(value) || value === true
    || (Array.isArray(value) && (value.every((id) => typeof id === "string")
      || value.every((row) => isObject(row) && Object.entries(row).every(([column, text]) => ID.test(column) && typeof text === "string"))));
  const isAnswers = (answers) => isObject(answers) && Object.entries(answers).every(([id, value]) => ID.test(id) && isValue(value));

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

  // A change as read: "+2.5", "-1", "0" (to two decimals at most).
  const signed = (change) => {
    const rounded = Math.round(change * 100) / 100;
    return rounded > 0 ? `+${rounded}` : String(rounded);
  };

  const svg = (name, attributes, text) => {
    const element = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.entries(attributes).forEach(([attribute, value]) => element.setAttribute(attribute, value));
    if (text !== undefined) element.textContent = text;
    return element;
  };

  // A chart of change (My workbook's takes, the debrief page's group): two bars per area, the first take's above the
  // latest's, each as a share of the area's highest score.
  // rows: [title, first, latest, max], the numbers as they are to be read. Its text alternative is `description`;
  // the numbers are also in a table beside it.
  const changeChart = (rows, description, firstLabel, latestLabel) => {
    const width = 400;
    const barWidth = 330;
    const rowHeight = 46;
    const top = 26;
    const element = svg("svg", {
      class: "workbook-chart", role: "img", "aria-label": description,
      viewBox: `0 0 ${width} ${top + rows.length * rowHeight}`, preserveAspectRatio: "xMinYMin meet",
    });
    [["first", firstLabel, 0], ["latest", latestLabel, width / 2]].forEach(([kind, text, x]) => {
      element.append(svg("rect", { class: `workbook-chart-${kind}`, x, y: 4, width: 12, height: 12 }), svg("text", { x: x + 18, y: 14 }, text));
    });
    rows.forEach(([title, first, latest, max], index) => {
      const y = top + index * rowHeight;
      element.append(svg("text", { class: "workbook-chart-label", x: 0, y: y + 12 }, `${title} (${signed(latest - first)})`));
      [["first", first, 16], ["latest", latest, 30]].forEach(([kind, value, offset]) => {
        const length = Math.max(1, Math.round((max ? value / max : 0) * barWidth));
        element.append(svg("rect", { class: `workbook-chart-${kind}`, x: 0, y: y + offset, width: length, height: 11 }),
          svg("text", { x: length + 5, y: y + offset + 10 }, String(value)));
      });
    });
    return element;
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
    if (type === "tick") return value === true;
    if (type === "number") return Number.isFinite(value);
    if (type === "multiple-choice") return Array.isArray(value) && value.every((id) => typeof id === "string" && choices.includes(id));
    if (type === "table") {
      return Array.isArray(value) && value.every((row) => isObject(row)
        && Object.entries(row).every(([column, text]) => choices.includes(column) && typeof text === "string"));
    }
    return typeof value === (type === "rating" || type === "likert" ? "number" : "string") && (choices.length ? choices.includes(String(value)) : value !== "");
  };
  // One value: the form's replaces it; kept if the form could not show it.
  const single = (kind, read) => (c, before) => {
    const value = read(c);
    const box = c.querySelector(".workbook-input");
    const shown = fits(kind, box ? [] : choicesOf(c), before) && (!box || holds(box, String(before)));
    return { value, keep: before !== undefined && !shown && !same(before, value) };
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
  const tickItem = {
    read: (c) => (c.querySelector("input").checked ? true : undefined),
    write: (c, value) => { c.querySelector("input").checked = value === true; },
  };

  // --- checklist scoring: the same sums on a checklist and on My workbook --

  const tally = () => ({ total: 0, min: 0, max: 0, answered: 0, count: 0 });

  // items: elements carrying data-workbook-item/-weight/-reverse/-category; answers: the stored answers.
  const scoreChecklist = (items, answers, low, high, tick) => {
    const all = tally();
    const categories = {};
    items.forEach((element) => {
      const data = element.dataset;
      const weight = Number(data.workbookWeight);
      const category = data.workbookCategory;
      const sums = category ? [all, categories[category] || (categories[category] = tally())] : [all];
      let value = tick ? Number(answers[data.workbookItem] === true) : answers[data.workbookItem];
      const answered = typeof value === "number";
      if (answered && data.workbookReverse === "true") value = low + high - value;
      sums.forEach((sum) => {
        sum.count += 1;
        sum.min += weight * low;
        sum.max += weight * high;
        if (answered) {
          sum.answered += 1;
          sum.total += weight * value;
        }
      });
    });
    return { all, categories, complete: all.answered === all.count };
  };

  // A checklist's answers scored against its items, on the checklist or on My workbook; `band` is the element.
  const score = (root, answers) => {
    const scale = root.querySelector("[data-workbook-scale]");
    const result = scoreChecklist(root.querySelectorAll("[data-workbook-item]"), answers,
      Number(scale.dataset.workbookLow), Number(scale.dataset.workbookHigh), scale.dataset.workbookScale === "yes-no");
    result.band = result.complete ? Array.from(root.querySelectorAll("[data-workbook-band]")).find((element) => (
      result.all.total >= Number(element.dataset.from) && result.all.total <= Number(element.dataset.to))) : undefined;
    return result;
  };

  const bandLabel = (result) => (result.band ? result.band.dataset.workbookBand : "");

  const scoreText = (result) => (result.complete
    ? `Your score: ${result.all.total} out of ${result.all.max}${result.band ? `: ${bandLabel(result)}` : ""}.`
    : `You have answered ${result.all.answered} of ${result.all.count} statements`
      + (result.all.answered ? `; your score so far is ${result.all.total}.` : ". Your score appears when you have answered them all."));

  const showSubscores = (root, result) => root.querySelectorAll("[data-workbook-subscore]").forEach((element) => {
    const sum = result.categories[element.dataset.workbookSubscore] || tally();
    element.querySelector("[data-workbook-subscore-value]").textContent = sum.answered === sum.count
      ? `${sum.total} out of ${sum.max}`
      : `${sum.answered} of ${sum.count} answered`;
    const share = sum.answered && sum.max > sum.min ? (sum.total - sum.min) / (sum.max - sum.min) : 0;
    element.querySelector("[data-workbook-bar]").style.width = `${Math.round(share * 100)}%`;
  });

  const showScore = (root, answers) => {
    const result = score(root, answers);
    root.querySelectorAll("[data-workbook-band]").forEach((element) => {
      const current = element === result.band;
      element.classList.toggle("workbook-band--current", current);
      if (current) element.setAttribute("aria-current", "true");
      else element.removeAttribute("aria-current");
    });
    root.querySelector("[data-workbook-score]").textContent = scoreText(result);
    showSubscores(root, result);
    return result;
  };

  // [id, title] of each category that has a subscore.
  const categories = (root) => Array.from(root.querySelectorAll("[data-workbook-subscore]"), (element) => (
    [element.dataset.workbookSubscore, element.querySelector(".workbook-subscore-title").textContent]));

  // Every date the learner reads is written one way: "1 November 2026" (in the browser's language), with the time
  // of day where two on one day must be told apart.
  const DAY = { day: "numeric", month: "long", year: "numeric" };
  const day = (iso) => (isDate(iso) ? new Date(iso).toLocaleDateString(undefined, DAY) : "an unknown date");
  const dayAndTime = (iso) => (isDate(iso) ? new Date(iso).toLocaleString(undefined, { ...DAY, hour: "2-digit", minute: "2-digit" }) : day(iso));

  // "1 November 2026" in a <time> element, for lists of takes.
  const dateElement = (iso) => {
    const time = document.createElement("time");
    time.dateTime = iso;
    time.textContent = day(iso);
    return time;
  };

  // --- sharing with the facilitator: a file of only what the learner chooses ----------------------------
  // README, "Sharing with your facilitator": the format, and what the debrief page does with it.

  // The full export of My workbook (my-workbook.js writes and imports it; the debrief page reads it): 2 added
  // `takes`, 3 `kept`. Files of every version up to it can be read.
  const EXPORT_FORMAT = "mkdocs-workbook-answers";
  const EXPORT_VERSION = 3;
  const isKeptAnswers = (kept) => isObject(kept) && Object.entries(kept).every(([id, values]) => ID.test(id) && Array.isArray(values) && values.every(isValue));
  // What is wrong with a parsed export for this course, as a reason (each page words it): "not-ours", "no-version",
  // "newer", "other-course", "damaged" (any answer, kept answer or take's answer not of README's shapes); null if nothing.
  const exportProblem = (data, namespace) => {
    if (!isObject(data) || data.format !== EXPORT_FORMAT) return "not-ours";
    if (!Number.isInteger(data.version) || data.version < 1) return "no-version";
    if (data.version > EXPORT_VERSION) return "newer";
    if (data.course !== namespace) return "other-course";
    const valid = ([id, record]) => ID.test(id) && isObject(record) && isAnswers(record.answers)
      && (record.kind === undefined || record.kind === "worksheet" || record.kind === "checklist")
      && (record.takes === undefined || (Array.isArray(record.takes) && record.takes.every((take) => isTake(take) && isAnswers(take.answers))))
      && (record.kept === undefined || isKeptAnswers(record.kept));
    return isObject(data.exercises) && Object.entries(data.exercises).every(valid) ? null : "damaged";
  };
  const SHARE_FORMAT = "mkdocs-workbook-share";
  const SHARE_VERSION = 1;

  // Every word of the share preview.
  const SHARE_TEXT = {
    title: "Share with your facilitator",
    intro: "The file holds only what is ticked below: no name, and dates only to the day. Check what it holds, "
      + "then save it and give it to your facilitator (by e-mail, a shared folder or a USB stick). Nothing is sent from this page.",
    checklists: "Checklists: your answers and scores",
    takes: (count) => (count === 1 ? "1 take" : `${count} takes`),
    texts: "Your own words: left out unless you tick them",
    nothing: "There is nothing to share yet: a checklist is shared once you have answered all of it.",
    holds: "What the file holds",
    save: "Save the file",
    cancel: "Cancel",
    saved: (name) => `Saved “${name}”. Give it to your facilitator: nothing was sent from here.`,
    cancelled: "Nothing was shared.",
  };

  // The one place where sharing and the debrief page score a take: null while the answers give no score.
  // Issue 21's key-based score(key, answers) replaces its body.
  const shareScores = (root, answers) => {
    const result = score(root, answers);
    if (!result.complete) return null;
    const part = (sum) => ({ total: sum.total, min: sum.min, max: sum.max });
    return Object.assign(part(result.all), {
      band: result.band ? bandLabel(result) : null,
      categories: Object.fromEntries(categories(root).map(([id]) => [id, part(result.categories[id] || tally())])),
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
    const items = Array.from(root.querySelectorAll("[data-workbook-item]"), (item) => item.dataset.workbookItem);
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
    title.firstChild.textContent = SHARE_TEXT.title;
    const intro = document.createElement("p");
    intro.textContent = offered.length || words.length ? SHARE_TEXT.intro : SHARE_TEXT.nothing;
    const holds = document.createElement("p");
    holds.id = `${box.id}-holds`;
    holds.textContent = SHARE_TEXT.holds;
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
    const save = button(SHARE_TEXT.save, "save", true);
    const cancel = button(SHARE_TEXT.cancel, "cancel");
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
      close(SHARE_TEXT.saved(name));
    });
    cancel.addEventListener("click", () => close(SHARE_TEXT.cancelled));
    box.replaceChildren(title, intro);
    if (offered.length) box.append(fieldset(SHARE_TEXT.checklists, offered.map((checklist) => checkbox(`${checklist.title} (${SHARE_TEXT.takes(checklist.takes.length)})`, true, choose(checklist)))));
    if (words.length) box.append(fieldset(SHARE_TEXT.texts, words.map((text) => checkbox(text.title, false, choose(text)))));
    box.append(holds, preview, save, cancel);
    box.setAttribute("role", "group");
    box.setAttribute("aria-labelledby", title.id);
    // The preview itself takes the focus: a screen reader reads its title, and Tab goes through what it offers.
    box.tabIndex = -1;
    box.hidden = false;
    update();
    box.focus();
  };

  // --- one exercise on the page ------------------------------------------

  class Exercise {
    constructor(root) {
      this.root = root;
      this.id = root.dataset.workbookExercise;
      this.key = `workbook:${root.dataset.workbookNamespace}:${this.id}`;
      this.checklist = root.querySelector(".workbook-checklist");
      this.parts = Array.from(root.querySelectorAll("[data-workbook-field], [data-workbook-item]"), (element) => {
        const kind = element.dataset.workbookField ? element.dataset.workbookType : this.itemKind();
        const type = element.dataset.workbookField ? fieldTypes[kind] : kind === "tick" ? tickItem : fieldTypes.rating;
        return { element, id: element.dataset.workbookField || element.dataset.workbookItem, type, update: type.update || single(kind, type.read) };
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
    }

    itemKind() {
      return this.checklist.dataset.workbookScale === "yes-no" ? "tick" : "likert";
    }

    load() {
      const found = read(this.key);
      // Answers from a newer release cannot be shown, and saving here would overwrite them.
      this.locked = Boolean(found.newer);
      this.root.querySelectorAll(".workbook-form input, .workbook-form textarea").forEach((input) => { input.disabled = this.locked; });
      const actions = this.root.querySelector("[data-workbook-actions]");
      if (actions) actions.hidden = this.locked;
      if (found.damaged) setAside(this.key, found.damaged);
      this.alert(found.blocked ? MESSAGES.blocked : found.newer ? MESSAGES.newer : found.damaged ? MESSAGES.unreadable : "");
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
        this.alert(MESSAGES.blocked);
        return null;
      }
      if (found.damaged && setAside(this.key, found.damaged).error) {
        this.alert(MESSAGES.full);
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
        this.alert(MESSAGES.full);
        return false;
      }
      this.answers = answers;
      this.takes = takes;
      this.kept = kept;
      this.updated = record.updated;
      this.alert("");
      this.status(`Saved in this browser at ${new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}.`);
      this.tellCopies();
      return true;
    }

    // Deletes every answer to this exercise, kept ones too; takes stay.
    clear() {
      const record = this.current();
      if (!record) return;
      if (record.takes.length) {
        if (!this.commit({}, record.takes, undefined, {})) return;
        this.status("Answers cleared. Your earlier takes are kept.");
      } else {
        storage.remove(this.key);
        this.answers = {};
        this.kept = {};
        this.takes = [];
        this.status("Answers cleared.");
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
        const subscores = categories(this.root).map(([id, title]) => [title, taken.categories[id] || tally()]).map(([title, sum]) => `${title} ${sum.total} of ${sum.max}`);
        const item = document.createElement("li");
        item.append(dateElement(take.date), `: ${taken.all.total} out of ${taken.all.max}${taken.band ? `, ${bandLabel(taken)}` : ""}.${subscores.length ? ` ${subscores.join("; ")}.` : ""}`);
        return item;
      }));
      list.parentElement.hidden = !this.takes.length;
      // Ticks count as answered even when none are ticked: a take needs at least one answer.
      const complete = result.complete && Object.keys(this.answers).length > 0;
      const undo = Boolean(this.undo) && !Object.keys(this.answers).length;
      box.hidden = this.locked || !(complete || undo);
      box.querySelector("[data-workbook-retake-text]").textContent = undo
        ? `Your answers of ${day(this.undo.date)} are kept under “Your earlier takes”, below the form. The form is empty for your new take.`
        : `These are your answers of ${day(this.updated)}. To take the checklist again, choose “Take it again”: they are kept with their date under “Your earlier takes”, and the form empties for a fresh start.`;
      box.querySelector("[data-workbook-action='new-take']").hidden = undo;
      box.querySelector("[data-workbook-action='undo-take']").hidden = !undo;
    }

    // This checklist alone, offered for a share file.
    share() {
      const { record } = read(this.key);
      const title = this.root.querySelector(".workbook-title");
      openShare(this.root.querySelector("[data-workbook-share-box]"), this.root.dataset.workbookNamespace, {
        checklists: [{ id: this.id, title: title ? title.textContent : this.id, root: this.root, record: record || { answers: {}, takes: [] } }],
        texts: [],
      }, (text) => this.status(text));
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
    // a checklist's scores: the total and per category, its band, shown in a card
    score, tally, categories, bandLabel, showScore,
    // words and dates the learner reads
    MESSAGES, day, dayAndTime,
    // values and files
    isObject, same, ID, isValue, isAnswers, download, markdownText, markdownTable,
    // charts
    svg, signed, changeChart,
    // sharing with the facilitator: the file's format, how a take is scored and dated, the preview
    EXPORT_FORMAT, EXPORT_VERSION, exportProblem, SHARE_FORMAT, SHARE_VERSION, shareScores, shareTakes, shareDay, openShare,
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
