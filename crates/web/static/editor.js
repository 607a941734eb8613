// The body editor, a progressive enhancement: the textarea stays the source and the
// page works without this file. It adds buttons that insert the line marks (heading,
// list item, table, bold) and a preview that renders them as the page will.
(function () {
  'use strict';
  function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  function inline(s) {
    return esc(s)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/\[([^\]]*)\]\(((?:https?:\/\/|\/)[^)\s]*)\)/g, '<a href="$2">$1</a>');
  }
  // The same rules as the server (gongkai_domain::body_text::to_html).
  function render(text) {
    var out = [], table = [], list = [];
    function flush() {
      if (table.length) {
        out.push('<table>' + table.map(function (row, i) {
          var tag = i === 0 && table.length > 1 ? 'th' : 'td';
          return '<tr>' + row.map(function (c) { return '<' + tag + '>' + inline(c) + '</' + tag + '>'; }).join('') + '</tr>';
        }).join('') + '</table>');
        table = [];
      }
      if (list.length) {
        out.push('<ul>' + list.map(function (i) { return '<li>' + inline(i) + '</li>'; }).join('') + '</ul>');
        list = [];
      }
    }
    text.split('\n').forEach(function (line) {
      var l = line.trim(), m;
      if (l.charAt(0) === '|') {
        var cells = l.replace(/^\|/, '').replace(/\|$/, '').split('|').map(function (c) { return c.trim(); });
        if (!cells.every(function (c) { return /^[-:]*$/.test(c); })) table.push(cells);
        return;
      }
      if (/^[-·] /.test(l)) { list.push(l.slice(2).trim()); return; }
      flush();
      if (!l) return;
      if ((m = /^(#{1,3}) (.*)$/.exec(l))) {
        var n = m[1].length + 1;
        out.push('<h' + n + '>' + inline(m[2]) + '</h' + n + '>');
      } else {
        out.push('<p>' + inline(l) + '</p>');
      }
    });
    flush();
    return out.join('\n');
  }
  function insert(area, before, after, placeholder) {
    var s = area.selectionStart, e = area.selectionEnd, v = area.value;
    var chosen = v.slice(s, e) || placeholder;
    var lineStart = before.charAt(0) === '\n' && (s === 0 || v.charAt(s - 1) === '\n');
    var b = lineStart ? before.slice(1) : before;
    area.value = v.slice(0, s) + b + chosen + after + v.slice(e);
    area.focus();
    area.selectionStart = s + b.length;
    area.selectionEnd = s + b.length + chosen.length;
    area.dispatchEvent(new Event('input'));
  }
  document.querySelectorAll('textarea[data-editor]').forEach(function (area) {
    var bar = document.createElement('div');
    bar.className = 'editor-bar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', '正文格式');
    var preview = document.createElement('div');
    preview.className = 'editor-preview body';
    preview.setAttribute('aria-live', 'polite');
    preview.hidden = true;
    [
      ['标题', '\n# ', '', '标题文字'],
      ['列表项', '\n- ', '', '列表内容'],
      ['表格', '\n| 项目 | 内容 |\n| ', ' | |\n', '第一项'],
      ['加粗', '**', '**', '加粗文字'],
    ].forEach(function (b) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'secondary';
      btn.textContent = b[0];
      btn.addEventListener('click', function () { insert(area, b[1], b[2], b[3]); });
      bar.appendChild(btn);
    });
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'secondary';
    toggle.textContent = '预览';
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', function () {
      preview.hidden = !preview.hidden;
      toggle.setAttribute('aria-pressed', String(!preview.hidden));
      preview.innerHTML = render(area.value);
    });
    bar.appendChild(toggle);
    area.addEventListener('input', function () { if (!preview.hidden) preview.innerHTML = render(area.value); });
    area.parentNode.insertBefore(bar, area);
    area.parentNode.insertBefore(preview, area.nextSibling);
  });
})();
