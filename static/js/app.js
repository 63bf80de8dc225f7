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
})()
