// The local runtime's stand-in for what the host page of a Forge Custom UI iframe provides. The
// real @forge/bridge package calls globalThis.__bridge.callBridge(method, args); here those calls
// become requests to the local runtime, or messages to the host page around the frame (router).
// The acting user comes from the page's ?accountId=; where the module is (an issue, or a page and
// a macro instance) from ?issueKey= or ?pageId=&localId= (with isEditing= and config= as JSON), and
// an Automation action's configuration form its saved inputs from ?inputs= (JSON).
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var PLACE_PARAMS = ['issueKey', 'pageId', 'localId', 'isEditing', 'config', 'inputs'];
  // The place as the query names it, for /__forge/context; the server checks it against the module type.
  var placeQuery = new URLSearchParams();
  PLACE_PARAMS.forEach(function (name) {
    if (params.has(name)) placeQuery.set(name, params.get(name));
  });
  // The same for invoke's "context"; a value the server cannot take is sent as is, for it to refuse.
  function placeContext() {
    var place = {};
    PLACE_PARAMS.forEach(function (name) {
      if (!params.has(name)) return;
      var value = params.get(name);
      if (name === 'isEditing') place[name] = value === 'true' ? true : value === 'false' ? false : value;
      else if (name === 'config' || name === 'inputs') {
        try {
          place[name] = JSON.parse(value);
        } catch {
          place[name] = value;
        }
      } else place[name] = value;
    });
    return Object.keys(place).length > 0 ? place : undefined;
  }
  // The server names the acting user in the tag that loads this script (?accountId=, or the site's first admin).
  var accountId = document.currentScript && document.currentScript.getAttribute('data-account-id');
  var match = /^\/modules\/([^/]+)\/frame\//.exec(window.location.pathname);
  var moduleKey = match ? decodeURIComponent(match[1]) : '';

  function headers() {
    var h = { 'content-type': 'application/json' };
    if (accountId) h['x-forge-account-id'] = accountId;
    return h;
  }

  function answer(response) {
    return response.json().then(function (body) {
      if (response.ok) return body;
      var message = body && body.error && body.error.message ? body.error.message : 'HTTP ' + response.status;
      throw new Error(message);
    });
  }

  function enableTheming() {
    var mode = params.get('theme') || (window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');
    var root = document.documentElement;
    root.setAttribute('data-color-mode', mode === 'dark' ? 'dark' : 'light');
    root.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography');
    return Promise.resolve();
  }

  var pending = {};
  var nextId = 0;
  // events.on(): the host page sends the product's events (an Automation panel's Next button).
  var listeners = {};
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== window.parent || !data) return;
    if (data.forgeBridge === 'event') {
      (listeners[data.event] || []).slice().forEach(function (listener) {
        listener(data.payload);
      });
      return;
    }
    if (data.forgeBridge !== 'reply' || !pending[data.id]) return;
    var settle = pending[data.id];
    delete pending[data.id];
    if (data.ok) settle.resolve(data.value);
    else settle.reject(new Error(data.message));
  });

  // What the frame may not do itself: the host page does it and answers.
  function askHost(method, args) {
    if (window.parent === window) return Promise.reject(new Error('There is no host page around this frame.'));
    var id = ++nextId;
    return new Promise(function (resolve, reject) {
      pending[id] = { resolve: resolve, reject: reject };
      window.parent.postMessage({ forgeBridge: 'request', id: id, method: method, args: args }, window.location.origin);
    });
  }

  var methods = {
    invoke: function (args) {
      var body = { module: moduleKey, functionKey: args.functionKey, payload: args.payload || {} };
      var context = placeContext();
      if (context) body.context = context;
      return fetch('/__forge/invoke', { method: 'POST', headers: headers(), body: JSON.stringify(body) }).then(answer);
    },
    getContext: function () {
      var query = placeQuery.toString();
      return fetch('/__forge/context?module=' + encodeURIComponent(moduleKey) + (query ? '&' + query : ''), { headers: headers() }).then(
        answer,
      );
    },
    enableTheming: enableTheming,
    navigate: function (args) {
      return askHost('navigate', args);
    },
    reload: function () {
      return askHost('reload', {});
    },
    // view.submit(): the host keeps what the form submits (an action's configuration) and answers
    // false where the view is not submittable.
    submit: function (args) {
      return askHost('submit', args === undefined ? null : args);
    },
    on: function (args) {
      var list = (listeners[args.event] = listeners[args.event] || []);
      list.push(args.callback);
      return Promise.resolve({
        unsubscribe: function () {
          var index = list.indexOf(args.callback);
          if (index >= 0) list.splice(index, 1);
        },
      });
    },
  };

  globalThis.__bridge = {
    callBridge: function (method, args) {
      var fn = methods[method];
      if (!fn) return Promise.reject(new Error('The local runtime does not support the bridge method "' + method + '".'));
      return fn(args);
    },
  };
})();
