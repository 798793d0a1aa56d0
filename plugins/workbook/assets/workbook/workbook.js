/* mkdocs-workbook: keeps a learner's answers in this browser and scores checklists.
   No dependencies, no build step, no network requests. */
(() => {
  "use strict";

  // Version of the stored record; a later release migrates older records up to it.
  const FORMAT = 1;

  const MESSAGES = {
    blocked: "This browser does not let the course store answers, so they will be lost when you leave the page. Allow site data for this site to keep them.",
    unreadable: "Your saved answers to this exercise could not be read, so the form starts empty. The damaged copy is kept in this browser and was not deleted.",
    full: "Your latest answers could not be saved: this browser's storage for the course is full or switched off. Copy your answers somewhere safe before you leave the page.",
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

  // --- reading and writing one field or checklist item -------------------

  const checked = (container) => Array.from(container.querySelectorAll("input:checked"), (input) => input.value);
  const textOf = (container) => container.querySelector("input, textarea");

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
      read: (c) => (checked(c).length ? checked(c) : undefined),
      write: (c, value) => c.querySelectorAll("input").forEach((input) => {
        input.checked = Array.isArray(value) && value.includes(input.value);
      }),
    },
    table: {
      // Rows and columns the page no longer shows are carried over from what was stored.
      read: (c, previous) => {
        const rows = Array.isArray(previous) ? previous.map((row) => Object.assign({}, row)) : [];
        c.querySelectorAll("[data-workbook-row]").forEach((input) => {
          const index = Number(input.dataset.workbookRow) - 1;
          const row = rows[index] || (rows[index] = {});
          if (input.value) row[input.dataset.workbookColumn] = input.value;
          else delete row[input.dataset.workbookColumn];
        });
        for (let i = 0; i < rows.length; i += 1) rows[i] = rows[i] || {};
        while (rows.length && !Object.keys(rows[rows.length - 1]).length) rows.pop();
        return rows.length ? rows : undefined;
      },
      write: (c, value) => c.querySelectorAll("[data-workbook-row]").forEach((input) => {
        const row = Array.isArray(value) ? value[Number(input.dataset.workbookRow) - 1] : undefined;
        const cell = row && row[input.dataset.workbookColumn];
        input.value = typeof cell === "string" ? cell : "";
      }),
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

  // Marks the band the score falls in; returns its label (or null).
  const markBand = (root, result) => {
    let band = null;
    root.querySelectorAll("[data-workbook-band]").forEach((element) => {
      const current = result.complete && result.all.total >= Number(element.dataset.from) && result.all.total <= Number(element.dataset.to);
      element.classList.toggle("workbook-band--current", current);
      if (current) {
        element.setAttribute("aria-current", "true");
        band = element.dataset.workbookBand;
      } else {
        element.removeAttribute("aria-current");
      }
    });
    return band;
  };

  const scoreText = (result, band) => (result.complete
    ? `Your score: ${result.all.total} out of ${result.all.max}${band ? `: ${band}` : ""}.`
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

  const showScore = (root, scale, items, answers) => {
    const tick = scale.dataset.workbookScale === "yes-no";
    const result = scoreChecklist(items, answers, Number(scale.dataset.workbookLow), Number(scale.dataset.workbookHigh), tick);
    root.querySelector("[data-workbook-score]").textContent = scoreText(result, markBand(root, result));
    showSubscores(root, result);
    return result;
  };

  // --- one exercise on the page ------------------------------------------

  class Exercise {
    constructor(root) {
      this.root = root;
      this.id = root.dataset.workbookExercise;
      this.key = `workbook:${root.dataset.workbookNamespace}:${this.id}`;
      this.checklist = root.querySelector(".workbook-checklist");
      this.parts = Array.from(root.querySelectorAll("[data-workbook-field], [data-workbook-item]"), (element) => ({
        element,
        id: element.dataset.workbookField || element.dataset.workbookItem,
        type: element.dataset.workbookField ? fieldTypes[element.dataset.workbookType] : this.itemType(),
      }));
      this.answers = this.load();
      this.show();
      // Another tab saved this exercise: take its answers, so neither tab overwrites the other.
      window.addEventListener("storage", (event) => {
        if (event.key !== this.key || !document.contains(root)) return;
        this.answers = this.load();
        this.show();
      });
      root.addEventListener("input", () => this.save());
      root.addEventListener("change", () => this.save());
      this.setUpClear();
    }

    show() {
      this.parts.forEach((part) => part.type.write(part.element, this.answers[part.id]));
      this.score();
    }

    itemType() {
      return this.checklist.dataset.workbookScale === "yes-no" ? tickItem : fieldTypes.rating;
    }

    load() {
      const stored = storage.get(this.key);
      if (stored.error) {
        this.alert(MESSAGES.blocked);
        return {};
      }
      if (stored.value === null) return {};
      try {
        const record = JSON.parse(stored.value);
        if (record && typeof record.answers === "object" && record.answers !== null && !Array.isArray(record.answers)) {
          return record.answers;
        }
      } catch (error) {
        // Falls through: the entry is damaged.
      }
      // Keep the damaged entry under another key so that saving new answers does not destroy it.
      storage.set(`${this.key}:unreadable:${Date.now()}`, stored.value);
      this.alert(MESSAGES.unreadable);
      return {};
    }

    save() {
      // Start from what is stored now (another tab may have saved since), and keep answers
      // to fields this page does not show (removed in a newer release).
      const stored = readAnswers(this.key);
      const answers = Object.assign({}, stored || this.answers);
      this.parts.forEach((part) => {
        const value = part.type.read(part.element, answers[part.id]);
        if (value === undefined) delete answers[part.id];
        else answers[part.id] = value;
      });
      this.answers = answers;
      this.score();
      const record = { format: FORMAT, exercise: this.id, kind: this.root.dataset.workbookKind, updated: new Date().toISOString(), answers };
      const error = storage.set(this.key, JSON.stringify(record));
      if (error) {
        this.alert(MESSAGES.full);
        return;
      }
      this.alert("");
      const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      this.status(`Saved in this browser at ${time}.`);
    }

    clear() {
      storage.remove(this.key);
      this.answers = {};
      this.parts.forEach((part) => part.type.write(part.element, undefined));
      this.score();
      this.status("Answers cleared.");
    }

    score() {
      if (this.checklist) showScore(this.root, this.checklist, this.parts.map((part) => part.element), this.answers);
    }

    // --- messages and the clear control ---

    status(text) {
      const element = this.root.querySelector("[data-workbook-status]");
      if (element) element.textContent = text;
    }

    alert(text) {
      const element = this.root.querySelector("[data-workbook-alert]");
      if (!element) return;
      element.textContent = text;
      element.hidden = !text;
    }

    setUpClear() {
      const actions = this.root.querySelector("[data-workbook-actions]");
      if (!actions) return;
      actions.hidden = false;
      const button = actions.querySelector("[data-workbook-action='clear']");
      const confirm = actions.querySelector("[data-workbook-confirm]");
      const close = () => {
        confirm.hidden = true;
        button.hidden = false;
        button.focus();
      };
      button.addEventListener("click", () => {
        confirm.hidden = false;
        button.hidden = true;
        // The safe answer has the focus, so a stray Enter keeps the answers.
        confirm.querySelector("[data-workbook-confirm='no']").focus();
      });
      confirm.addEventListener("click", (event) => {
        const choice = event.target.closest("[data-workbook-confirm]");
        if (!choice || choice === confirm) return;
        if (choice.dataset.workbookConfirm === "yes") this.clear();
        close();
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

  // --- My workbook: every answer in course order, read-only ---------------

  const readAnswers = (key) => {
    const stored = storage.get(key);
    if (stored.error || stored.value === null) return null;
    try {
      const record = JSON.parse(stored.value);
      return record && typeof record.answers === "object" && record.answers !== null && !Array.isArray(record.answers) ? record.answers : null;
    } catch (error) {
      return null;
    }
  };

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

  const STATUS = { none: "Not started", some: "In progress", done: "Complete" };

  const summarise = (page) => {
    const prefix = `workbook:${page.dataset.workbookNamespace}:`;
    const statuses = {};
    page.querySelectorAll("[data-workbook-summary]").forEach((card) => {
      const answers = readAnswers(prefix + card.dataset.workbookSummary);
      let status = "none";
      if (card.dataset.workbookKind === "worksheet") {
        const fields = Array.from(card.querySelectorAll("[data-workbook-answer]"));
        const shown = fields.filter((field) => showAnswer(field, (answers || {})[field.dataset.workbookAnswer])).length;
        status = shown === 0 ? "none" : shown === fields.length ? "done" : "some";
      } else {
        const scale = card.querySelector("[data-workbook-scale]");
        const result = showScore(card, scale, Array.from(card.querySelectorAll("[data-workbook-item]")), answers || {});
        if (answers) status = result.complete ? "done" : "some";
        if (!answers) card.querySelector("[data-workbook-score]").textContent = "Not taken yet.";
      }
      card.querySelector("[data-workbook-status-badge]").textContent = STATUS[status];
      card.dataset.workbookStatus = status;
      statuses[card.dataset.workbookSummary] = status;
    });

    const progress = (cards) => {
      const counts = { none: 0, some: 0, done: 0 };
      cards.forEach((status) => { counts[status] += 1; });
      return `${counts.done} of ${cards.length} exercises complete, ${counts.some} in progress.`;
    };
    page.querySelectorAll("[data-workbook-chapter]").forEach((chapter) => {
      const cards = Array.from(chapter.querySelectorAll("[data-workbook-summary]"), (card) => card.dataset.workbookStatus);
      chapter.querySelector("[data-workbook-progress='chapter']").textContent = progress(cards);
    });
    page.querySelector("[data-workbook-progress='course']").textContent = `Whole course: ${progress(Object.values(statuses))}`;

    // Answers to exercises this release no longer has: kept and shown, never deleted.
    const orphans = page.querySelector("[data-workbook-orphans]");
    const list = orphans.querySelector("[data-workbook-orphan-list]");
    list.replaceChildren();
    let keys = [];
    try {
      keys = Object.keys(window.localStorage);
    } catch (error) {
      keys = [];
    }
    keys.filter((key) => key.startsWith(prefix) && !key.includes(":unreadable:") && !(key.slice(prefix.length) in statuses)).forEach((key) => {
      const answers = readAnswers(key);
      if (!answers) return;
      const item = document.createElement("article");
      const heading = document.createElement("h3");
      const body = document.createElement("pre");
      heading.textContent = key.slice(prefix.length);
      body.textContent = JSON.stringify(answers, null, 2);
      item.append(heading, body);
      list.append(item);
    });
    orphans.hidden = !list.children.length;
  };

  // --- export, import and clear of the whole workbook --------------------

  const EXPORT_FORMAT = "mkdocs-workbook-answers";
  const ID = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
  const isAnswers = (value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);

  const courseKeys = (prefix) => {
    try {
      return Object.keys(window.localStorage).filter((key) => key.startsWith(prefix));
    } catch (error) {
      return [];
    }
  };

  const collect = (prefix) => {
    const exercises = {};
    courseKeys(prefix).filter((key) => !key.includes(":unreadable:")).forEach((key) => {
      try {
        const record = JSON.parse(storage.get(key).value);
        if (record && isAnswers(record.answers)) {
          exercises[key.slice(prefix.length)] = { kind: record.kind, updated: record.updated, answers: record.answers };
        }
      } catch (error) {
        // A damaged entry is reported on its exercise's page; it cannot be exported as answers.
      }
    });
    return exercises;
  };

  const download = (name, type, text) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  };

  const cell = (text) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

  const actionPlan = (page) => {
    const lines = [`# My workbook`, "", `Exported ${new Date().toLocaleDateString()}.`];
    page.querySelectorAll("[data-workbook-chapter]").forEach((chapter) => {
      const cards = Array.from(chapter.querySelectorAll("[data-workbook-summary]")).filter((card) => card.dataset.workbookStatus !== "none");
      if (!cards.length) return;
      lines.push("", `## ${chapter.querySelector("h2").textContent.trim()}`);
      cards.forEach((card) => {
        lines.push("", `### ${card.querySelector("h3 a").textContent.trim()}`);
        card.querySelectorAll("[data-workbook-answer]").forEach((answer) => {
          const table = answer.querySelector("table");
          const text = answer.querySelector("[data-workbook-answer-text]").textContent;
          if (table && !table.hidden) {
            const header = Array.from(table.tHead.rows[0].cells, (th) => cell(th.textContent));
            lines.push("", `**${answer.previousElementSibling.textContent.trim()}**`, "", `| ${header.join(" | ")} |`, `|${" --- |".repeat(header.length)}`);
            Array.from(table.tBodies[0].rows).forEach((row) => lines.push(`| ${Array.from(row.cells, (td) => cell(td.textContent)).join(" | ")} |`));
          } else if (text !== "–") {
            lines.push("", `**${answer.previousElementSibling.textContent.trim()}**`, "", text);
          }
        });
        const score = card.querySelector("[data-workbook-score]");
        if (score) {
          lines.push("", score.textContent);
          card.querySelectorAll("[data-workbook-subscore]").forEach((sub) => lines.push(`- ${sub.textContent.trim()}`));
        }
      });
    });
    return `${lines.join("\n")}\n`;
  };

  // A file we did not write, from a newer release, or damaged, is refused with the reason; nothing changes.
  const parseImport = (text, namespace) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { error: "This file is damaged or is not an export of answers (it is not valid JSON). Nothing was changed." };
    }
    if (!data || data.format !== EXPORT_FORMAT) return { error: "This file is not an export of answers from a workbook. Nothing was changed." };
    if (!Number.isInteger(data.version) || data.version < 1) return { error: "This file is damaged: its version is missing. Nothing was changed." };
    if (data.version > FORMAT) return { error: "This file was made by a newer version of the workbook. Open the newest version of the course to import it. Nothing was changed." };
    if (data.course !== namespace) return { error: "This file holds answers to a different course. Nothing was changed." };
    if (!isAnswers(data.exercises) || Object.entries(data.exercises).some(([id, record]) => !ID.test(id) || !record || !isAnswers(record.answers))) {
      return { error: "This file is damaged: its answers are not in the expected form. Nothing was changed." };
    }
    return { exercises: data.exercises };
  };

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  class WorkbookPage {
    constructor(page) {
      this.page = page;
      this.namespace = page.dataset.workbookNamespace;
      this.prefix = `workbook:${this.namespace}:`;
      this.pending = null;
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

    exportJson() {
      const exercises = collect(this.prefix);
      const data = { format: EXPORT_FORMAT, version: FORMAT, course: this.namespace, exported: new Date().toISOString(), exercises };
      download(`${this.namespace}-answers.json`, "application/json", `${JSON.stringify(data, null, 2)}\n`);
      this.say(`Exported the answers to ${Object.keys(exercises).length} exercises.`);
    }

    click(event) {
      const target = event.target.closest("button");
      if (!target) return;
      const { workbookAction: action, workbookClear: clear, workbookImport: choice } = target.dataset;
      const confirm = this.page.querySelector("[data-workbook-clear-confirm]");
      if (action === "export") this.exportJson();
      if (action === "export-markdown") {
        download(`${this.namespace}-action-plan.md`, "text/markdown", actionPlan(this.page));
        this.say("Exported your answers as a Markdown action plan.");
      }
      if (action === "clear") {
        confirm.hidden = false;
        confirm.querySelector("[data-workbook-clear='no']").focus();
      }
      if (clear === "export") this.exportJson();
      if (clear === "yes") {
        courseKeys(this.prefix).forEach((key) => storage.remove(key));
        summarise(this.page);
        this.say("Every answer in this workbook was deleted from this browser.");
      }
      if (clear === "yes" || clear === "no") confirm.hidden = true;
      if (choice) this.apply(choice);
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

    preview(exercises) {
      const list = this.page.querySelector("[data-workbook-import-list]");
      list.replaceChildren();
      let conflicts = 0;
      Object.entries(exercises).forEach(([id, record]) => {
        const mine = readAnswers(this.prefix + id) || {};
        const keys = Object.keys(record.answers);
        const added = keys.filter((key) => !(key in mine)).length;
        const differ = keys.filter((key) => key in mine && !same(mine[key], record.answers[key])).length;
        conflicts += differ;
        const card = this.page.querySelector(`[data-workbook-summary="${id}"] h3 a`);
        const item = document.createElement("li");
        item.textContent = `${card ? card.textContent : id}: ${added} new, ${differ} different, ${keys.length - added - differ} the same`;
        list.append(item);
      });
      this.pending = exercises;
      const box = this.page.querySelector("[data-workbook-import-preview]");
      box.querySelector("[data-workbook-import-question]").hidden = !conflicts;
      box.querySelector("[data-workbook-import='keep']").textContent = conflicts ? "Import, keep my answers where they differ" : "Import";
      box.querySelector("[data-workbook-import='replace']").hidden = !conflicts;
      box.hidden = false;
      box.querySelector("[data-workbook-import='cancel']").focus();
      this.say("");
    }

    apply(choice) {
      this.page.querySelector("[data-workbook-import-preview]").hidden = true;
      const exercises = this.pending;
      this.pending = null;
      if (choice === "cancel" || !exercises) {
        this.say("Import cancelled; nothing was changed.");
        return;
      }
      const failed = Object.entries(exercises).filter(([id, record]) => {
        const mine = readAnswers(this.prefix + id) || {};
        const answers = choice === "keep" ? Object.assign({}, record.answers, mine) : Object.assign({}, mine, record.answers);
        const merged = { format: FORMAT, exercise: id, kind: record.kind, updated: new Date().toISOString(), answers };
        return storage.set(this.prefix + id, JSON.stringify(merged)) !== null;
      });
      summarise(this.page);
      if (failed.length) this.say(MESSAGES.full, true);
      else this.say(`Imported the answers to ${Object.keys(exercises).length} exercises.`);
    }
  }

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
    document.querySelectorAll("[data-workbook-my-workbook]").forEach((page) => {
      summarise(page);
      if (!page.dataset.workbookReady) {
        page.dataset.workbookReady = "true";
        new WorkbookPage(page);
      }
    });
    performance.measure("workbook:setup", "workbook:setup-start");
  };

  // Another tab saved answers: My workbook shows them at once.
  window.addEventListener("storage", () => document.querySelectorAll("[data-workbook-my-workbook]").forEach(summarise));

  // Material's instant navigation swaps pages without a reload and announces each on document$.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
