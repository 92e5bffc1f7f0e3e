// The local runtime's stand-in for the Atlassian page around a Custom UI iframe. Forge hosts
// every Custom UI resource in a sandboxed iframe; the bridge asks the host for what the frame
// may not do itself, such as opening a page (apis-reference/ui-api-bridge/router). Around an
// Automation action's configuration form it stands in for Automation's configuration panel
// (manifest-reference/modules/automation-action, "Action configuration"): it keeps what the form
// submits, enables Next once the form has submitted something, sends AUTOMATION_ACTION_SUBMIT on
// Next and AUTOMATION_ACTION_VALIDATE_RULE_EVENT around the check Automation makes before saving,
// and Back puts the form back as it was.
(function () {
  'use strict';
  var frame = document.getElementById('forge-frame');
  var siteUrl = frame.getAttribute('data-site-url');
  var actionKey = frame.getAttribute('data-action-key');
  // The app sees the page's query (user, theme, place) and its #route, which only the browser knows.
  var frameSrc = frame.getAttribute('data-src') + window.location.hash;
  frame.src = frameSrc;

  function isExternal(url) {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) && url.indexOf(siteUrl) !== 0;
  }

  // router: "If you're using a URL to link to an external site, the user is prompted before
  // opening the link in a new tab. If the user declines to proceed, the returned Promise is rejected."
  // A NavigationLocation names a place in the product rather than a URL.
  function urlOf(args) {
    if (args.url !== undefined) return String(args.url);
    if (args.target === 'issue') return '/browse/' + encodeURIComponent(args.issueKey);
    if (args.target === 'contentView') return '/wiki/pages/viewpage.action?pageId=' + encodeURIComponent(args.contentId);
    throw new Error('The local host page cannot open a location of target "' + args.target + '".');
  }

  function navigate(args) {
    var url = urlOf(args);
    var absolute = url.charAt(0) === '/' ? siteUrl + url : url;
    if (isExternal(url)) {
      if (!window.confirm('You are leaving the Atlassian site to open ' + url + '. Continue?')) {
        throw new Error('The user declined to open ' + url + '.');
      }
      window.open(absolute, '_blank', 'noopener');
      return;
    }
    if (args.type === 'new-tab') window.open(absolute, '_blank', 'noopener');
    else window.location.assign(absolute);
  }

  var panel = actionKey ? actionPanel() : null;

  var methods = {
    navigate: navigate,
    reload: function () {
      window.location.reload();
    },
    submit: function (payload) {
      if (!panel) return false;
      panel.submitted(payload);
      return true;
    },
  };

  function sendEvent(event, payload) {
    frame.contentWindow.postMessage({ forgeBridge: 'event', event: event, payload: payload }, window.location.origin);
  }

  // The stand-in for Automation's configuration panel.
  function actionPanel() {
    var next = document.getElementById('forge-action-next');
    var back = document.getElementById('forge-action-back');
    var shown = document.getElementById('forge-action-config');
    var problems = document.getElementById('forge-action-errors');
    var configuration = null;
    var waiting = null;

    // The panel grows with the form, as Automation's does, so nothing in it scrolls out of sight.
    frame.addEventListener('load', function () {
      var doc = frame.contentDocument;
      if (!doc || !window.ResizeObserver) return;
      var content = doc.getElementById('root') || doc.body;
      new ResizeObserver(function () {
        frame.style.height = Math.max(120, Math.ceil(content.getBoundingClientRect().height) + 16) + 'px';
      }).observe(content);
    });

    function show(state, text, messages) {
      shown.setAttribute('data-state', state);
      shown.textContent = text;
      problems.textContent = '';
      (messages || []).forEach(function (message) {
        var item = document.createElement('li');
        item.textContent = message;
        problems.appendChild(item);
      });
    }

    // What Automation checks before it saves the rule ("Rule Validation").
    function validate() {
      sendEvent('AUTOMATION_ACTION_VALIDATE_RULE_EVENT', { isValidating: true });
      var user = frame.getAttribute('data-account-id');
      fetch('/__forge/actions/' + encodeURIComponent(actionKey) + '/config', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forge-account-id': user },
        body: JSON.stringify({ inputs: configuration || {} }),
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (result) {
          var invalid = result.invalidInputs || {};
          var messages = Object.keys(invalid).map(function (name) {
            return invalid[name].message;
          });
          if (result.tooLarge) messages.push('The configuration is over 100 kB.');
          show(result.valid ? 'saved' : 'invalid', JSON.stringify(configuration, null, 2), messages);
        })
        .catch(function (error) {
          show('invalid', JSON.stringify(configuration, null, 2), [String(error)]);
        })
        .then(function () {
          sendEvent('AUTOMATION_ACTION_VALIDATE_RULE_EVENT', { isValidating: false });
        });
    }

    // "The configuration form loads in a pristine state with the Next button disabled."
    next.addEventListener('click', function () {
      sendEvent('AUTOMATION_ACTION_SUBMIT', {});
      // The form answers with view.submit(); without an answer, what it submitted last is checked.
      waiting = setTimeout(function () {
        waiting = null;
        validate();
      }, 500);
    });
    // "Clicking the Back button does not maintain the form state … reset the form to its pristine state."
    back.addEventListener('click', function () {
      configuration = null;
      next.disabled = true;
      show('none', 'Nothing submitted yet.', []);
      frame.contentWindow.location.reload();
    });

    return {
      submitted: function (payload) {
        configuration = payload;
        next.disabled = false;
        if (waiting !== null) {
          clearTimeout(waiting);
          waiting = null;
          validate();
        }
      },
    };
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== frame.contentWindow || !data || data.forgeBridge !== 'request') return;
    var reply = { forgeBridge: 'reply', id: data.id };
    try {
      var fn = methods[data.method];
      if (!fn) throw new Error('The local host page does not support "' + data.method + '".');
      reply.value = fn(data.args === undefined ? {} : data.args);
      reply.ok = true;
    } catch (error) {
      reply.ok = false;
      reply.message = error && error.message ? error.message : String(error);
    }
    event.source.postMessage(reply, window.location.origin);
  });
})();
