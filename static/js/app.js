// DreamTree's one small script. htmx does the work; this only keeps the learner oriented.
// Everything here is an enhancement: every flow works without JavaScript.
;(function () {
  'use strict'
  var status = function (message) {
    var region = document.getElementById('dt-status')
    if (region) region.textContent = message
  }
  // A request that never reached the server (offline, timeout): say so, keep the typed text.
  document.addEventListener('htmx:sendError', function () {
    status(
      'Not saved: we could not reach DreamTree. Check your connection, then press the button again. Your text is still here.',
    )
  })
  document.addEventListener('htmx:responseError', function (event) {
    var xhr = event.detail && event.detail.xhr
    if (xhr && xhr.status >= 500)
      status(
        'Not saved: something went wrong on our side. Your text is still here; please try again.',
      )
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
