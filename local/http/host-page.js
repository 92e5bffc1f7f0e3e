// The local runtime's stand-in for the Atlassian page around a Custom UI iframe. Forge hosts
// every Custom UI resource in a sandboxed iframe; the bridge asks the host for what the frame
// may not do itself, such as opening a page (apis-reference/ui-api-bridge/router).
(function () {
  'use strict';
  var frame = document.getElementById('forge-frame');
  var siteUrl = frame.getAttribute('data-site-url');
  // The app sees the page's query (user, theme, place) and its #route, which only the browser knows.
  frame.src = frame.getAttribute('data-src') + window.location.hash;

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

  var methods = {
    navigate: navigate,
    reload: function () {
      window.location.reload();
    },
  };

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== frame.contentWindow || !data || data.forgeBridge !== 'request') return;
    var reply = { forgeBridge: 'reply', id: data.id };
    try {
      var fn = methods[data.method];
      if (!fn) throw new Error('The local host page does not support "' + data.method + '".');
      fn(data.args || {});
      reply.ok = true;
    } catch (error) {
      reply.ok = false;
      reply.message = error && error.message ? error.message : String(error);
    }
    event.source.postMessage(reply, window.location.origin);
  });
})();
