/**
 * Keyboard access to clickable table rows (待办, 已办, 申请查询 …): Element Plus renders rows
 * that take no focus, so every `clickable-row` gets a tab stop and opens with Enter or Space
 * like a click. One observer for the whole app instead of a handler in every list.
 */
const ROW = 'tr.clickable-row';

function focusable(root: ParentNode): void {
  for (const tr of root.querySelectorAll<HTMLTableRowElement>(`${ROW}:not([tabindex])`)) tr.tabIndex = 0;
}

export function enableRowKeyboard(): void {
  focusable(document);
  new MutationObserver(() => focusable(document)).observe(document.body, { childList: true, subtree: true });
  document.addEventListener('keydown', (e) => {
    const row = e.target instanceof HTMLElement && e.target.matches(ROW) ? e.target : null;
    if (!row || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    // Element Plus listens for the click on a cell of the row
    (row.querySelector('td') ?? row).click();
  });
}
