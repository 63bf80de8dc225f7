/**
 * Reading HTML as HTML in tests: parse a page or fragment once, then ask about elements and
 * attributes by selector, so assertions do not depend on attribute order or whitespace.
 */
import { parse, type HTMLElement } from 'node-html-parser'

export type { HTMLElement }

/** The parsed page or fragment. */
export function dom(html: string): HTMLElement {
  return parse(html, { comment: false })
}

/** The one element matching `selector`; fails the test, naming the selector, when there is none. */
export function one(root: HTMLElement, selector: string): HTMLElement {
  const found = root.querySelector(selector)
  if (!found) throw new Error(`no element matches ${selector}`)
  return found
}

/** Every element matching `selector`. */
export function all(root: HTMLElement, selector: string): HTMLElement[] {
  return root.querySelectorAll(selector)
}

/** An element's text with runs of whitespace collapsed and the ends trimmed. */
export function text(element: HTMLElement): string {
  return element.textContent.replace(/\s+/g, ' ').trim()
}

/** The page's `<title>`. */
export function titleOf(html: string): string {
  return text(one(dom(html), 'title'))
}

/**
 * The first element of a fragment, skipping whitespace and the `<title>` htmx takes for the
 * document (see `fragmentTitle`).
 */
export function firstElement(html: string): HTMLElement {
  const first = dom(html).childNodes.find(
    (n): n is HTMLElement => n.nodeType === 1 && (n as HTMLElement).tagName !== 'TITLE',
  )
  if (!first) throw new Error('the fragment has no element')
  return first
}

/** The `<title>` at the root of an htmx fragment, which htmx makes the document's title. */
export function fragmentTitle(html: string): string | null {
  const title = dom(html).childNodes.find(
    (n): n is HTMLElement => n.nodeType === 1 && (n as HTMLElement).tagName === 'TITLE',
  )
  return title ? text(title) : null
}

/** The error summary's links, as [href, text]. */
export function summaryLinks(html: string): [string, string][] {
  return all(dom(html), '#error-summary a').map((a) => [a.getAttribute('href')!, text(a)])
}

/** The text in a form's `answer` textarea, as a browser reads it (the first newline dropped). */
export function textareaValue(html: string): string {
  return one(dom(html), 'textarea[name="answer"]').textContent.replace(/^\n/, '')
}

/** The value of a form's hidden `version` field. */
export function versionField(html: string): string | undefined {
  return one(dom(html), 'input[name="version"]').getAttribute('value')
}
