// Voices page and studio: browser recording (MediaRecorder + a level meter), the clone upload and voice previews.
// Recorded takes stay in the browser as Blobs until the clone is sent; Blazor sees only their URLs and lengths.
window.vmVoices = (() => {
    const takes = [];
    let live = null;

    const extensionOf = type => type.includes('ogg') ? 'ogg' : type.includes('mp4') ? 'm4a' : type.includes('wav') ? 'wav' : 'webm';

    // RMS of the last frame, scaled so that normal speech fills most of the bar (0..100).
    const level = (analyser, buffer) => {
        analyser.getFloatTimeDomainData(buffer);
        let sum = 0;
        for (const v of buffer) sum += v * v;
        return Math.min(100, Math.round(Math.sqrt(sum / buffer.length) * 400));
    };

    const stopTracks = () => {
        if (!live) return;
        clearInterval(live.timer);
        live.stream.getTracks().forEach(t => t.stop());
        live.context.close();
    };

    const cancel = () => {
        if (!live) return;
        live.recorder.onstop = null;
        if (live.recorder.state !== 'inactive') live.recorder.stop();
        stopTracks();
        live = null;
    };

    return {
        // A fresh form (the page is a SPA: takes of a form the user left must not ride along with the next clone).
        // Returns whether this browser can record at all.
        reset: () => {
            cancel();
            takes.forEach(take => take && URL.revokeObjectURL(take.url));
            takes.length = 0;
            return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder);
        },

        // Leaving mid-take: the microphone is released and nothing is kept.
        cancel,

        // Starts take `index`; the meter element gets aria-valuenow and --vm-level, the clock element the seconds.
        start: async (index, meterSelector, clockSelector) => {
            const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false } });
            const recorder = new MediaRecorder(stream);
            const chunks = [];
            recorder.ondataavailable = e => { if (e.data.size > 0) chunks.push(e.data); };
            const context = new AudioContext();
            const analyser = context.createAnalyser();
            analyser.fftSize = 1024;
            context.createMediaStreamSource(stream).connect(analyser);
            const buffer = new Float32Array(analyser.fftSize);
            const started = performance.now();
            const timer = setInterval(() => {
                const meter = document.querySelector(meterSelector), clock = document.querySelector(clockSelector);
                const value = level(analyser, buffer), seconds = (performance.now() - started) / 1000;
                if (meter) { meter.setAttribute('aria-valuenow', String(value)); meter.style.setProperty('--vm-level', value + '%'); }
                if (clock) { clock.textContent = seconds.toFixed(1); clock.dataset.seconds = seconds.toFixed(1); }
            }, 100);
            live = { index, stream, recorder, chunks, context, timer, started };
            recorder.start(250);
        },

        // Ends the running take: { url, seconds, bytes } of the recording, playable at url.
        stop: () => new Promise((done, fail) => {
            if (!live) { fail(new Error('not recording')); return; }
            const run = live;
            run.recorder.onstop = () => {
                stopTracks();
                live = null;
                const blob = new Blob(run.chunks, { type: run.recorder.mimeType || 'audio/webm' });
                if (takes[run.index]) URL.revokeObjectURL(takes[run.index].url);
                takes[run.index] = { blob, url: URL.createObjectURL(blob) };
                done({ url: takes[run.index].url, seconds: (performance.now() - run.started) / 1000, bytes: blob.size });
            };
            run.recorder.stop();
        }),

        discard: index => {
            if (takes[index]) URL.revokeObjectURL(takes[index].url);
            takes[index] = null;
        },

        clearFiles: inputSelector => {
            const input = document.querySelector(inputSelector);
            if (input) input.value = '';
        },

        // Sends the takes and the picked files to POST /voices/clone, the API's own checks and all; the answer is
        // returned as it came (status + body) for the page to show in the user's language. Take `consentIndex` (-1: none)
        // is the speaker reading the consent phrase of `consentLanguage`: it goes as consentRecording, not as a sample.
        clone: async (name, consent, inputSelector, language, consentIndex, consentLanguage) => {
            const form = new FormData();
            form.append('name', name);
            form.append('consent', consent ? 'true' : 'false');
            takes.forEach((take, i) => {
                if (!take) return;
                if (i === consentIndex) form.append('consentRecording', take.blob, `consent.${extensionOf(take.blob.type)}`);
                else form.append('samples', take.blob, `take-${i + 1}.${extensionOf(take.blob.type)}`);
            });
            if (consentIndex >= 0 && consentLanguage) form.append('consentLanguage', consentLanguage);
            const input = document.querySelector(inputSelector);
            for (const file of (input && input.files) || []) form.append('samples', file, file.name);
            const response = await fetch('voices/clone', { method: 'POST', body: form, headers: { 'Accept-Language': language } });
            return { status: response.status, body: await response.text() };
        },

        // Plays a preview URL in the page's one preview player; resolves once it is actually playing.
        play: async (audioSelector, url) => {
            const audio = document.querySelector(audioSelector);
            if (!audio) return;
            if (audio.getAttribute('src') !== url) audio.src = url;
            audio.currentTime = 0;
            await audio.play();
        },

        // The voice the studio picks by default after a clone (until another is cloned or it is deleted).
        prefer: id => id ? localStorage.setItem('vm-voice', id) : localStorage.removeItem('vm-voice'),
        preferred: () => localStorage.getItem('vm-voice'),
    };
})();
