/**
 * The frame of every review page: a skip link, title, navigation, who is reviewing (or the one-time
 * question), the review progress, a read-only notice, a notice after a decision, the keyboard help,
 * and the app's own stylesheet and script (served by the app: the CSP allows nothing else).
 */
import type { Progress, Tally } from '../list-queries.ts';
import { type Html, h } from './html.ts';

/** What every page needs to know about the request. */
export interface PageContext {
  csrf: string;
  /** The reviewer decisions are recorded as, or null when the page must ask. */
  reviewer: string | null;
  /** True when --reviewer named them: the page does not offer to change it. */
  reviewerFixed: boolean;
  /** This page's path and query, for forms to come back to. */
  here: string;
  notice: string | null;
  /** The batch a decision just made, offered for undo. */
  batch: string | null;
  /** The role when it can only read: pages offer no decision. */
  readOnlyRole: string | null;
  progress: Progress | null;
  /** Where the list with this page's filter is (filter, page and row kept). */
  listHref: string;
}

/** Where decisions are offered: a reviewer is known and the role may write. */
export const canDecide = (ctx: PageContext): boolean => ctx.reviewer !== null && ctx.readOnlyRole === null;

const tallyText = (t: Tally): string => `${t.decided} decided, ${t.open} open, ${t.total} in all`;

function progressBox(p: Progress | null): Html {
  if (!p) return h``;
  const who = p.reviewers.map(([name, n]) => h`<li>${name}: <span class="num">${n}</span></li>`);
  return h`<section class="progress" id="progress" aria-label="Review progress">
<span>This filter: <strong id="progress-filter">${tallyText(p.filter)}</strong></span>
<span>Whole store: <strong id="progress-store">${tallyText(p.store)}</strong></span>
<span>Decided by: ${who.length ? h`<ul class="inline" id="progress-reviewers">${who}</ul>` : 'nobody yet'}</span>
</section>`;
}

/** After a decision on more than one finding: its Undo button (the batch, back as it was). */
function undoForm(ctx: PageContext): Html {
  if (!ctx.batch || ctx.readOnlyRole) return h``;
  return h` <form method="post" action="/batches/${ctx.batch}/undo" class="undo">${csrfField(ctx)}
<button type="submit" id="undo">Undo batch ${ctx.batch}</button></form>`;
}

/** The keys review.js understands, shown by ? and listed on every page. */
const KEYS: [string, string][] = [
  ['j / k', 'next / previous row'],
  ['Enter', 'open the row'],
  ['a / r / o', 'acknowledge / resolve / reopen (the row, group or finding)'],
  ['n', 'go to the note'],
  ['1-9', 'use a saved note'],
  ['x', 'select the row'],
  ['Esc', 'leave a field'],
  ['?', 'show or hide these keys'],
];

function keysHelp(): Html {
  const rows = KEYS.map(([k, what]) => h`<tr><th scope="row"><kbd>${k}</kbd></th><td>${what}</td></tr>`);
  return h`<details class="keys" id="keys"><summary>Keyboard: press <kbd>?</kbd> for the keys</summary>
<table aria-label="Keyboard keys"><tbody>${rows}</tbody></table></details>`;
}

export const csrfField = (ctx: PageContext): Html =>
  h`<input type="hidden" name="_csrf" value="${ctx.csrf}">`;

function reviewerBox(ctx: PageContext): Html {
  if (ctx.reviewer && ctx.reviewerFixed)
    return h`<span class="who">reviewing as <strong>${ctx.reviewer}</strong></span>`;
  return h`<form class="who" method="post" action="/reviewer">${csrfField(ctx)}
<input type="hidden" name="back" value="${ctx.here}">
<label>${ctx.reviewer ? 'Reviewing as' : 'Your name, for the review history:'}
<input name="reviewer" id="reviewer-name" maxlength="100" required value="${ctx.reviewer ?? ''}"></label>
<button type="submit">${ctx.reviewer ? 'Change' : 'Save'}</button></form>`;
}

export function layout(title: string, ctx: PageContext, body: Html): Html {
  return h`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · jobmig review</title>
<link rel="stylesheet" href="/assets/review.css">
<script src="/assets/review.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="top"><nav><a href="${ctx.listHref}" id="nav-list">Findings</a>
<a href="/batches" id="nav-batches">History</a></nav>${reviewerBox(ctx)}</header>
${progressBox(ctx.progress)}
${
  ctx.readOnlyRole
    ? h`<p class="notice readonly" id="read-only">Read-only: role ${ctx.readOnlyRole} can only \
read, so no decision is offered.</p>`
    : ''
}
${ctx.notice ? h`<div class="notice" role="status"><span id="notice">${ctx.notice}</span>${undoForm(ctx)}</div>` : ''}
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
${keysHelp()}
</main>
</body>
</html>
`;
}

/** A page that says what went wrong and where to go back to. */
export function messagePage(title: string, ctx: PageContext, message: string): Html {
  return layout(
    title,
    ctx,
    h`<p class="message" id="message">${message}</p><p><a href="${ctx.listHref}">Back to the findings</a></p>`,
  );
}
