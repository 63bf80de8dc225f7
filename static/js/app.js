// DreamTree's one small script. htmx does the work; this only keeps the learner oriented.
// Everything here is an enhancement: every flow works without JavaScript.
;(function () {
  'use strict'
  var status = function (message) {
    var region = document.getElementById('dt-status')
    if (region) region.textContent = message
  }
  // A request that failed shows why beside the form that sent it, with the typed text kept and
  // focus left where it was; the message is announced once through the live region.
  var MESSAGES = {
    send: 'Not saved: we could not reach DreamTree. Check your connection, then press the button again. Your text is still here.',
    tooLarge:
      'Not saved: this is more than we can accept in one go. Shorten your answer, then press the button again. Your text is still here.',
    server:
      'Not saved: something went wrong on our side. Your text is still here; please press the button again in a moment.',
    stale:
      'Not saved: this page is out of date. Copy your text, reload the page, then paste it back in.',
  }
  var clearProblems = function (except) {
    var notes = document.querySelectorAll('.dt-save-error')
    for (var i = 0; i < notes.length; i++) if (notes[i] !== except) notes[i].remove()
  }
  var showProblem = function (event, message) {
    var elt = event.detail && event.detail.elt
    var form = elt && elt.closest ? elt.closest('form') : null
    if (form) {
      var note = form.querySelector('.dt-save-error')
      if (!note) {
        note = document.createElement('p')
        note.className = 'dt-save-error'
        form.insertBefore(note, form.firstChild)
      }
      note.textContent = message
      clearProblems(note)
    }
    status(message)
  }
  document.addEventListener('htmx:beforeRequest', function (event) {
    var form = event.detail && event.detail.elt && event.detail.elt.closest('form')
    var note = form && form.querySelector('.dt-save-error')
    if (note) note.remove()
  })
  document.addEventListener('htmx:sendError', function (event) {
    showProblem(event, MESSAGES.send)
  })
  document.addEventListener('htmx:timeout', function (event) {
    showProblem(event, MESSAGES.send)
  })
  document.addEventListener('htmx:responseError', function (event) {
    var code = event.detail && event.detail.xhr ? event.detail.xhr.status : 0
    if (code === 413) showProblem(event, MESSAGES.tooLarge)
    else if (code >= 500) showProblem(event, MESSAGES.server)
    else showProblem(event, MESSAGES.stale)
  })

  // One error summary at a time: a swap that brings a new one removes the ones already there.
  document.addEventListener('htmx:beforeSwap', function () {
    var old = document.querySelectorAll('.dt-error-summary')
    for (var i = 0; i < old.length; i++) old[i].setAttribute('data-dt-old', '')
  })
  document.addEventListener('htmx:afterSettle', function () {
    var all = document.querySelectorAll('.dt-error-summary')
    var fresh = document.querySelectorAll('.dt-error-summary:not([data-dt-old])')
    for (var i = 0; i < all.length; i++) {
      if (fresh.length > 0 && all[i].hasAttribute('data-dt-old')) all[i].remove()
      else all[i].removeAttribute('data-dt-old')
    }
    if (fresh.length > 0) clearProblems(null)
  })

  // A link in an error summary focuses its control and scrolls its label or legend into view
  // (GOV.UK's pattern), so the question is read before the answer.
  document.addEventListener('click', function (event) {
    var link = event.target && event.target.closest && event.target.closest('.dt-error-summary a')
    var id = link && link.getAttribute('href')
    var control = id && id.charAt(0) === '#' && document.getElementById(id.slice(1))
    if (!control) return
    var fieldset = control.closest('fieldset')
    var label = fieldset
      ? fieldset.querySelector('legend')
      : document.querySelector('label[for="' + control.id + '"]')
    event.preventDefault()
    ;(label || control).scrollIntoView()
    control.focus({ preventScroll: true })
  })

  // A "Show" button beside each password field (the GOV.UK pattern). Without JavaScript there is
  // no button at all, rather than one that does nothing.
  var addPasswordToggle = function (input) {
    if (input.dataset.dtToggle) return
    input.dataset.dtToggle = 'on'
    var wrapper = document.createElement('div')
    wrapper.className = 'dt-password'
    input.parentNode.insertBefore(wrapper, input)
    wrapper.appendChild(input)
    var button = document.createElement('button')
    button.type = 'button'
    button.className = 'dt-button dt-button--secondary dt-password__toggle'
    button.setAttribute('aria-controls', input.id)
    button.setAttribute('aria-pressed', 'false')
    button.innerHTML = 'Show<span class="dt-visually-hidden"> password</span>'
    wrapper.appendChild(button)
    button.addEventListener('click', function () {
      var showing = input.type === 'password'
      input.type = showing ? 'text' : 'password'
      button.setAttribute('aria-pressed', showing ? 'true' : 'false')
      button.firstChild.nodeValue = showing ? 'Hide' : 'Show'
      status(showing ? 'Your password is visible' : 'Your password is hidden')
    })
    // Never send or leave a visible password behind: hide it again when the form is sent.
    if (input.form) {
      input.form.addEventListener('submit', function () {
        if (input.type === 'text') button.click()
      })
    }
  }
  var enhance = function (root) {
    var inputs = root.querySelectorAll('input[type="password"]')
    for (var i = 0; i < inputs.length; i++) addPasswordToggle(inputs[i])
  }
  enhance(document)
  // Forms that htmx swaps in (a sign-in panel with errors) get their buttons too.
  document.addEventListener('htmx:afterSettle', function (event) {
    enhance(event.target)
  })
})()
