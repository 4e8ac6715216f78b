/** Attributes and properties of an element made by `el`: strings are attributes, functions listeners. */
type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/**
 * An element with its attributes, listeners (`on` + event name) and children: plain DOM, no framework, since
 * the page is a handful of panels redrawn once a second.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** The element with this id, which the page's HTML has. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

/** A figure as the page shows it: whole numbers grouped, rates to two significant places. */
export function figure(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value >= 10 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(2);
}
