/**
 * The frame of every review page: title, navigation, who is reviewing (or the one-time question), a
 * notice after a decision, and the app's own stylesheet and script (served by the app: the CSP
 * allows nothing else).
 */
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
<header class="top"><nav><a href="/">Findings</a></nav>${reviewerBox(ctx)}</header>
${ctx.notice ? h`<p class="notice" role="status" id="notice">${ctx.notice}</p>` : ''}
<main>
<h1>${title}</h1>
${body}
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
    h`<p class="message" id="message">${message}</p><p><a href="/">Back to the findings</a></p>`,
  );
}
