// Progressive enhancement on top of htmx. Without JavaScript the page is a plain form.
document.documentElement.classList.add('js');
