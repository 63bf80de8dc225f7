/**
 * A ZIP file made as it is read: fflate's streaming `Zip` with one `ZipDeflate` per file, each
 * file's text pushed in slices, so the Worker holds the texts and a little compressed output
 * at a time, never the whole archive beside them.
 */
import { Zip, ZipDeflate } from 'fflate'

/** A file of the archive: its name and its text (UTF-8). */
export type ZipFile = { name: string; text: string }

/** How many characters of a file are compressed per slice. */
const SLICE = 64 * 1024

/** Where a slice may end without cutting a surrogate pair (an emoji) in two. */
function sliceEnd(text: string, from: number): number {
  const end = Math.min(from + SLICE, text.length)
  const last = text.charCodeAt(end - 1)
  return end < text.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end
}

/**
 * The archive of `files`, in order, as a byte stream; every entry dated `modified`.
 * @example return c.body(zipStream([{ name: 'README.md', text: '# Hello' }], new Date()))
 */
export function zipStream(files: readonly ZipFile[], modified: Date): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const waiting = [...files]
  let open: { entry: ZipDeflate; text: string; at: number } | null = null
  let zip: Zip
  let sent = false
  let done = false
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, data, final) => {
        if (error) return controller.error(error)
        if (data.length) {
          controller.enqueue(data)
          sent = true
        }
        if (final) {
          done = true
          controller.close()
        }
      })
    },
    // Each pull compresses slices until some bytes come out (deflate may hold a small slice
    // back) or the archive ends, so the reader always gets something and asks again.
    pull() {
      sent = false
      while (!sent && !done) {
        if (!open) {
          const next = waiting.shift()
          if (!next) {
            zip.end()
            break
          }
          const entry = new ZipDeflate(next.name, { level: 6 })
          entry.mtime = modified
          zip.add(entry)
          open = { entry, text: next.text, at: 0 }
        }
        const end = sliceEnd(open.text, open.at)
        const last = end >= open.text.length
        open.entry.push(encoder.encode(open.text.slice(open.at, end)), last)
        open.at = end
        if (last) open = null
      }
    },
  })
}
