using System;
using System.Globalization;

namespace Resilience.Payments.AspNetCore.Internal;

/// <summary>The page around every view: head (viewport, style, nonce'd script), header with the search box, footer.</summary>
internal static class ConsoleLayout
{
    private const string Style = """
        :root{color-scheme:light dark;--bad:#b3261e;--warn:#8a5a00;--ok:#1b6e20;--line:#8883}
        *{box-sizing:border-box}body{margin:0;font:15px/1.4 system-ui,sans-serif}
        header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;border-bottom:1px solid var(--line)}
        header a.home{font-weight:600;text-decoration:none;color:inherit}header form{display:flex;gap:.3rem;flex:1 1 16rem}
        header input{flex:1;min-width:0}input,button,select,textarea{font:inherit;padding:.35rem .5rem}
        main{padding:0 1rem 2rem;max-width:78rem}h2{font-size:1.05rem;margin:1.4rem 0 .4rem}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}th,table.stack td:first-child a{white-space:nowrap}#summary th{width:11rem}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.6rem}
        .card{border:1px solid var(--line);border-radius:.4rem;padding:.5rem .7rem}.card b{display:block;font-size:1.4rem}
        .Open,.Isolated,.bad{color:var(--bad);font-weight:600}.HalfOpen,.warn{color:var(--warn);font-weight:600}.Closed,.ok{color:var(--ok)}
        .note{padding:.5rem .8rem;border-radius:.4rem;border:1px solid var(--line);margin:1rem 0}.note.bad{border-color:var(--bad)}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem}.actions a,button{border:1px solid var(--line);border-radius:.3rem;padding:.35rem .7rem;text-decoration:none}
        button#confirm{background:#1b4d9b;color:#fff;border-color:#1b4d9b}
        form.confirm label{display:block;margin:.6rem 0 .2rem}form.confirm input,form.confirm textarea{width:100%;max-width:30rem}
        #live[data-stale=true]::before{content:"Live refresh stopped (signed out or offline): reload the page.";display:block;color:var(--bad);margin-top:.6rem}
        small,.muted{opacity:.75}footer{padding:1rem;font-size:.85rem;opacity:.7}
        @media (max-width:640px){#summary th,table.stack td:first-child a{width:auto;white-space:normal}table.stack thead{display:none}table.stack tr{display:block;border-bottom:2px solid var(--line);padding:.3rem 0}
        table.stack td{display:flex;gap:.6rem;border:0;padding:.15rem 0;overflow-wrap:anywhere}table.stack td::before{content:attr(data-label);font-weight:600;min-width:7.5rem;flex:none}}
        """;

    private const string Script = """
        (function(){var live=document.getElementById('live');if(!live)return;var url=live.getAttribute('data-src');
        var every=parseInt(live.getAttribute('data-every'),10);function tick(){if(document.hidden){return setTimeout(tick,every);}
        fetch(url,{credentials:'same-origin',headers:{'Accept':'text/html'}}).then(function(r){if(r.ok)return r.text();throw r.status;})
        .then(function(html){live.innerHTML=html;live.setAttribute('data-stale','false');})
        .catch(function(){live.setAttribute('data-stale','true');}).then(function(){setTimeout(tick,every);});}setTimeout(tick,every);})();
        """;

    /// <summary>Writes a whole page: <paramref name="body"/> inside the layout.</summary>
    public static string Page(ConsoleRequest request, string heading, Action<ConsoleHtml> body, bool selfRefresh = false, string? query = null)
    {
        var html = new ConsoleHtml();
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Raw("<meta name=\"robots\" content=\"noindex\"><link rel=\"icon\" href=\"data:,\">");
        if (selfRefresh)
        {
            html.Raw("<noscript><meta http-equiv=\"refresh\" content=\"30\"></noscript>");
        }

        html.Raw("<title>").Text(heading).Raw(" – ").Text(request.Options.Title).Raw("</title>")
            .Raw("<style nonce=\"").Attr(request.Nonce).Raw("\">").Raw(Style).Raw("</style></head><body>")
            .Raw("<header><a class=\"home\" href=\"").Attr(request.Link("/")).Raw("\">").Text(request.Options.Title).Raw("</a>")
            .Raw("<form method=\"get\" action=\"").Attr(request.Link("/search")).Raw("\" role=\"search\">")
            .Raw("<input type=\"search\" name=\"q\" aria-label=\"Search\" placeholder=\"Payment key, account reference or phone (2547****5678)\" value=\"")
            .Attr(query ?? string.Empty).Raw("\"><button type=\"submit\">Search</button></form>")
            .Raw("<span class=\"muted\">Signed in as ").Text(request.Actor).Raw("</span></header><main>");
        html.Raw("<h1 hidden>").Text(heading).Raw("</h1>");
        body(html);
        html.Raw("</main><footer>Times in UTC. Now ").Text(request.Now.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
            .Raw("Z.</footer>");
        if (selfRefresh)
        {
            html.Raw("<script nonce=\"").Attr(request.Nonce).Raw("\">").Raw(Script).Raw("</script>");
        }

        html.Raw("</body></html>");
        return html.ToString();
    }
}
