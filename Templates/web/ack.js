// The acknowledgement page posts its form at once: the link acknowledges in one click. Served as a file,
// so the policy needs no inline script; without script the button does the same.
document.getElementById("ack-form")?.submit();
