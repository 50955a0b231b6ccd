<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID" sourcelanguage="en">
<context>
    <name>AlertLogView</name>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="108"/>
        <location filename="../../src/pantau/ui/alert_log.py" line="110"/>
        <location filename="../../src/pantau/ui/alert_log.py" line="182"/>
        <source>Raised</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="110"/>
        <location filename="../../src/pantau/ui/alert_log.py" line="112"/>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="110"/>
        <source>Attempts</source>
        <translation>Percobaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="111"/>
        <source>Last error</source>
        <translation>Galat terakhir</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="109"/>
        <location filename="../../src/pantau/ui/alert_log.py" line="111"/>
        <location filename="../../src/pantau/ui/alert_log.py" line="113"/>
        <source>Alert</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="108"/>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="108"/>
        <source>Outcome</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="109"/>
        <source>Channels</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="112"/>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="112"/>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="113"/>
        <source>Delivered</source>
        <translation>Terkirim</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="146"/>
        <source>The alert log could not be read: {error}</source>
        <translation>Catatan peringatan tidak dapat dibaca: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="171"/>
        <source>Alerts to {channel} are NOT being delivered ({count} waiting): {error}</source>
        <translation>Peringatan ke {channel} TIDAK terkirim ({count} dalam antrean): {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="175"/>
        <source>Down</source>
        <translation>Putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="175"/>
        <source>Recovered</source>
        <translation>Pulih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="175"/>
        <source>Degraded</source>
        <translation>Menurun</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="176"/>
        <source>Flapping</source>
        <translation>Putus-sambung</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="176"/>
        <source>Flapping summary</source>
        <translation>Ringkasan putus-sambung</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="177"/>
        <source>Contract</source>
        <translation>Kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="183"/>
        <source>in a maintenance window</source>
        <translation>dalam jadwal pemeliharaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="184"/>
        <source>alerts are off for its group</source>
        <translation>peringatan kelompoknya dimatikan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="185"/>
        <source>not among the offices alerted</source>
        <translation>tidak termasuk kantor yang diperingatkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="186"/>
        <source>already shown today</source>
        <translation>sudah ditampilkan hari ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="187"/>
        <source>Suppressed: {reason}</source>
        <translation>Ditahan: {reason}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="193"/>
        <source>window only (no channel set up)</source>
        <translation>hanya di jendela (tidak ada saluran)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="194"/>
        <source>queued</source>
        <translation>dalam antrean</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="194"/>
        <source>dropped</source>
        <translation>dibuang</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/alert_log.py" line="198"/>
        <source>Alerts raised (newest first): %n</source>
        <translation>
            <numerusform>Peringatan yang dibuat (terbaru di atas): %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/alert_log.py" line="214"/>
        <source>Queued: %n alert(s)</source>
        <translation>
            <numerusform>Dalam antrean: %n peringatan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/alert_log.py" line="216"/>
        <source>%n delayed</source>
        <translation>
            <numerusform>%n tertunda</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="218"/>
        <source>Alert log (newest first)</source>
        <translation>Catatan peringatan (terbaru di atas)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="222"/>
        <source>delayed</source>
        <translation>tertunda</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="194"/>
        <location filename="../../src/pantau/ui/alert_log.py" line="228"/>
        <source>sent</source>
        <translation>terkirim</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_log.py" line="230"/>
        <source>sent (delayed)</source>
        <translation>terkirim (tertunda)</translation>
    </message>
</context>
<context>
    <name>AlertSettingsDialog</name>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="68"/>
        <source>Checking the keyring…</source>
        <translation>Memeriksa keyring…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="69"/>
        <source>Alert settings</source>
        <translation>Pengaturan peringatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="88"/>
        <source>Channels</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="90"/>
        <source>Rules</source>
        <translation>Aturan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="92"/>
        <source>Maintenance windows</source>
        <translation>Jadwal pemeliharaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="99"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="100"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="121"/>
        <source>The stored alert rules could not be read ({error}); the defaults are shown and OK replaces them.</source>
        <translation>Aturan peringatan yang tersimpan tidak dapat dibaca ({error}); yang ditampilkan adalah aturan bawaan, dan OK akan menggantinya.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="173"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_settings.py" line="186"/>
        <source>Not saved: {error}</source>
        <translation>Tidak disimpan: {error}</translation>
    </message>
</context>
<context>
    <name>AvailabilityReportDialog</name>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="157"/>
        <source>Availability report</source>
        <translation>Laporan ketersediaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="158"/>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="183"/>
        <source>Month</source>
        <translation>Bulan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="158"/>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="183"/>
        <source>Quarter</source>
        <translation>Triwulan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="158"/>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="165"/>
        <source>Year</source>
        <translation>Tahun</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="158"/>
        <source>Range of days</source>
        <translation>Rentang hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="164"/>
        <source>Period</source>
        <translation>Periode</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="166"/>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="168"/>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="169"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="170"/>
        <source>Workbook (.xlsx)</source>
        <translation>Buku kerja (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="171"/>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="172"/>
        <source>Choose…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="174"/>
        <source>Write</source>
        <translation>Tulis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="183"/>
        <source>Days</source>
        <translation>Hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="199"/>
        <source>availability</source>
        <translation>ketersediaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="206"/>
        <source>PDF files (*.pdf)</source>
        <translation>Berkas PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="206"/>
        <source>Workbooks (*.xlsx)</source>
        <translation>Buku kerja (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="207"/>
        <source>Save the availability report</source>
        <translation>Simpan laporan ketersediaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="222"/>
        <source>The period ends before it starts.</source>
        <translation>Periode berakhir sebelum dimulai.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="224"/>
        <source>The period starts after today: nothing has been monitored yet.</source>
        <translation>Periode dimulai setelah hari ini: belum ada yang dipantau.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="230"/>
        <source>Choose a PDF or a workbook file to write.</source>
        <translation>Pilih berkas PDF atau buku kerja yang akan ditulis.</translation>
    </message>
</context>
<context>
    <name>AvailabilityReports</name>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="269"/>
        <source>An availability report is being written</source>
        <translation>Laporan ketersediaan sedang ditulis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="285"/>
        <source>Availability report: reading the history …</source>
        <translation>Laporan ketersediaan: membaca riwayat …</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="286"/>
        <source>Availability report: writing the PDF …</source>
        <translation>Laporan ketersediaan: menulis PDF …</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="287"/>
        <source>Availability report: writing the workbook …</source>
        <translation>Laporan ketersediaan: menulis buku kerja …</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="296"/>
        <source>Availability report written: {files}</source>
        <translation>Laporan ketersediaan ditulis: {files}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/availability_dialog.py" line="300"/>
        <source>The availability report was not written: {error}</source>
        <translation>Laporan ketersediaan tidak ditulis: {error}</translation>
    </message>
</context>
<context>
    <name>BannerCounts</name>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="202"/>
        <source>%n check(s) in {seconds} s · finished {time}</source>
        <translation>
            <numerusform>%n pemeriksaan dalam {seconds} detik · selesai {time}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="205"/>
        <source> and %n more</source>
        <translation>
            <numerusform> dan %n lainnya</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="208"/>
        <source>Out of date: result from {age}, and %n office(s) changed state since ({offices}). Run it again to see the network as it is now.</source>
        <translation>
            <numerusform>Sudah usang: hasil dari {age}, dan %n kantor berubah status sejak itu ({offices}). Jalankan lagi untuk melihat jaringan seperti sekarang.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="212"/>
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n menit yang lalu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="215"/>
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n jam yang lalu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="218"/>
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n hari yang lalu</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChannelForms</name>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="63"/>
        <source>type to replace the stored one</source>
        <translation>ketik untuk mengganti yang tersimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="69"/>
        <source>The keyring cannot be trusted with secrets</source>
        <translation>Keyring ini tidak aman untuk menyimpan rahasia</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="76"/>
        <source>Keep typed secrets for this session only (in memory; alerts stop working when Pantau exits)</source>
        <translation>Simpan rahasia yang diketik hanya untuk sesi ini (di memori; peringatan berhenti berfungsi saat Pantau ditutup)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="78"/>
        <source>Store them in this keyring anyway</source>
        <translation>Tetap simpan di keyring ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="79"/>
        <source>Do not save typed secrets</source>
        <translation>Jangan simpan rahasia yang diketik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="85"/>
        <source>Telegram</source>
        <translation>Telegram</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="90"/>
        <source>Bot token</source>
        <translation>Token bot</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="93"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="195"/>
        <source>Keyring key of the token</source>
        <translation>Kunci keyring untuk token</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="95"/>
        <source>chat ids, separated by commas</source>
        <translation>chat id, dipisahkan koma</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="96"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="199"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="202"/>
        <source>Chat ids</source>
        <translation>Chat id</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="98"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="207"/>
        <source>API base URL</source>
        <translation>URL dasar API</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="99"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="135"/>
        <source>Send test message</source>
        <translation>Kirim pesan uji</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="107"/>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="111"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="214"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="217"/>
        <source>SMTP server</source>
        <translation>Server SMTP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="114"/>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="116"/>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="116"/>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="116"/>
        <source>none (unencrypted)</source>
        <translation>tidak ada (tanpa enkripsi)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="120"/>
        <source>Security</source>
        <translation>Keamanan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="122"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="220"/>
        <source>Sender</source>
        <translation>Pengirim</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="124"/>
        <source>addresses, separated by commas</source>
        <translation>alamat, dipisahkan koma</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="125"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="223"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="226"/>
        <source>Recipients</source>
        <translation>Penerima</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="127"/>
        <source>the sender, when empty</source>
        <translation>pengirim, jika kosong</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="128"/>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="131"/>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="134"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="231"/>
        <source>Keyring key of the password</source>
        <translation>Kunci keyring untuk kata sandi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="187"/>
        <source>The keyring could not be asked: {error}</source>
        <translation>Keyring tidak dapat diperiksa: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="196"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="231"/>
        <source>letters, digits and . _ : / - only</source>
        <translation>hanya huruf, angka, dan . _ : / -</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="199"/>
        <source>give at least one chat id</source>
        <translation>isi paling sedikit satu chat id</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="202"/>
        <source>{chat} is not a chat id (a number, or @channel)</source>
        <translation>{chat} bukan chat id (sebuah angka, atau @kanal)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="207"/>
        <source>must be an http:// or https:// URL</source>
        <translation>harus URL http:// atau https://</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="214"/>
        <source>is required</source>
        <translation>wajib diisi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="220"/>
        <source>must be an email address</source>
        <translation>harus alamat email</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="223"/>
        <source>give at least one address</source>
        <translation>isi paling sedikit satu alamat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="226"/>
        <source>{address} is not an email address</source>
        <translation>{address} bukan alamat email</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="241"/>
        <source>Email {field}</source>
        <translation>Email {field}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="248"/>
        <location filename="../../src/pantau/ui/alert_channels.py" line="254"/>
        <source>Keyring</source>
        <translation>Keyring</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="248"/>
        <source>still checking the keyring: try again in a moment</source>
        <translation>keyring masih diperiksa: coba lagi sebentar lagi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="254"/>
        <source>the keyring cannot be trusted: choose what to do with the secret you typed</source>
        <translation>keyring ini tidak aman: pilih apa yang dilakukan dengan rahasia yang Anda ketik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="286"/>
        <source>kept for this session only</source>
        <translation>disimpan hanya untuk sesi ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="286"/>
        <source>stored in the keyring</source>
        <translation>tersimpan di keyring</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="287"/>
        <source>nothing stored yet</source>
        <translation>belum ada yang tersimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_channels.py" line="288"/>
        <source>the keyring cannot be read</source>
        <translation>keyring tidak dapat dibaca</translation>
    </message>
</context>
<context>
    <name>CheckMessages</name>
    <message>
        <location filename="../../src/pantau/ui/alert_test_send.py" line="34"/>
        <source>Sent to {count} chat(s).</source>
        <translation>Terkirim ke {count} chat.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_test_send.py" line="45"/>
        <source>Sent to {count} recipient(s).</source>
        <translation>Terkirim ke {count} penerima.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_test_send.py" line="52"/>
        <source>Sending…</source>
        <translation>Mengirim…</translation>
    </message>
</context>
<context>
    <name>CheckRows</name>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="87"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="87"/>
        <source>Layer</source>
        <translation>Lapisan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="87"/>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="87"/>
        <source>Check</source>
        <translation>Pemeriksaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="88"/>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="150"/>
        <source>This computer</source>
        <translation>Komputer ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="150"/>
        <source>LAN</source>
        <translation>LAN</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="150"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="151"/>
        <source>Office</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="151"/>
        <source>ISP gateway</source>
        <translation>Gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="151"/>
        <source>Upstream</source>
        <translation>Upstream</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="152"/>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="152"/>
        <source>Path</source>
        <translation>Jalur</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="161"/>
        <source>Its network route</source>
        <translation>Rute jaringannya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="163"/>
        <source>toward a silent target</source>
        <translation>menuju target yang tidak menjawab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="168"/>
        <source>checking…</source>
        <translation>memeriksa…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="183"/>
        <source>took {ms} ms</source>
        <translation>butuh {ms} ms</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="189"/>
        <source>not run: this computer has no usable route</source>
        <translation>tidak dijalankan: komputer ini tidak memiliki rute yang bisa dipakai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="191"/>
        <source>not needed: no target was silent</source>
        <translation>tidak diperlukan: semua target menjawab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="192"/>
        <source>not run</source>
        <translation>tidak dijalankan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="196"/>
        <source>a route exists</source>
        <translation>rute tersedia</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="196"/>
        <source>no usable route</source>
        <translation>tidak ada rute yang bisa dipakai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="200"/>
        <source>reached {address}</source>
        <translation>sampai ke {address}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="201"/>
        <source>last hop that answers: {hop}</source>
        <translation>hop terakhir yang menjawab: {hop}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="201"/>
        <source>no hop answers</source>
        <translation>tidak ada hop yang menjawab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="204"/>
        <source>answers</source>
        <translation>menjawab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="208"/>
        <source>{rtt} ms</source>
        <translation>{rtt} ms</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="210"/>
        <source>{loss}% loss</source>
        <translation>loss {loss}%</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="214"/>
        <source>redirected to {host}</source>
        <translation>dialihkan ke {host}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="216"/>
        <source>no answer (timeout)</source>
        <translation>tidak menjawab (timeout)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="216"/>
        <source>unreachable</source>
        <translation>tidak terjangkau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="217"/>
        <source>connection refused</source>
        <translation>koneksi ditolak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="217"/>
        <source>name lookup failed</source>
        <translation>pencarian nama gagal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="218"/>
        <source>could not run: no ICMP privilege</source>
        <translation>tidak dapat dijalankan: tanpa izin ICMP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="219"/>
        <source>bad response</source>
        <translation>jawaban tidak sesuai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_checks.py" line="219"/>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
</context>
<context>
    <name>ContractForm</name>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="123"/>
        <source>Give the contract an id.</source>
        <translation>Beri kontrak sebuah id.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="125"/>
        <source>Another contract already has this id.</source>
        <translation>Id ini sudah dipakai kontrak lain.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="127"/>
        <source>Name the provider.</source>
        <translation>Isi nama provider.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="129"/>
        <source>The end date must be after the start date.</source>
        <translation>Tanggal berakhir harus sesudah tanggal mulai.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="131"/>
        <source>The bandwidth must be more than zero.</source>
        <translation>Bandwidth harus lebih dari nol.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="134"/>
        <source>The value must be a positive amount in rupiah, e.g. 1.800.000.000.</source>
        <translation>Nilai harus jumlah rupiah yang positif, mis. 1.800.000.000.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="137"/>
        <source>The SLA must be a percentage from 0 to 100, e.g. 99.5, or empty.</source>
        <translation>SLA harus persentase 0 sampai 100, mis. 99.5, atau kosong.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="164"/>
        <source>Edit contract {id}</source>
        <translation>Ubah kontrak {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="164"/>
        <source>Add contract {id}</source>
        <translation>Tambah kontrak {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="204"/>
        <source>Only a running contract can be ended early.</source>
        <translation>Hanya kontrak yang sedang berjalan yang dapat diakhiri lebih awal.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="210"/>
        <source>End contract {id}</source>
        <translation>Akhiri kontrak {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="248"/>
        <source>Monthly cost: {amount}</source>
        <translation>Biaya per bulan: {amount}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="250"/>
        <source>per Mbps per month: {amount}</source>
        <translation>per Mbps per bulan: {amount}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="254"/>
        <source>{year} covered by paid contract: {percent} %</source>
        <translation>{year} tercakup kontrak yang dibayar: {percent} %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="266"/>
        <source>monthly</source>
        <translation>bulanan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="266"/>
        <source>quarterly</source>
        <translation>triwulanan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="267"/>
        <source>yearly</source>
        <translation>tahunan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="270"/>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="270"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="270"/>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="270"/>
        <source>Service</source>
        <translation>Layanan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="270"/>
        <source>Bandwidth</source>
        <translation>Bandwidth</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="271"/>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="271"/>
        <source>End</source>
        <translation>Berakhir</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="271"/>
        <source>Value (Rp)</source>
        <translation>Nilai (Rp)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="271"/>
        <source>Billing</source>
        <translation>Penagihan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="271"/>
        <source>SLA %</source>
        <translation>SLA %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="272"/>
        <source>Links covered</source>
        <translation>Link yang dicakup</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="272"/>
        <source>Notes</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="272"/>
        <source>SLA terms</source>
        <translation>Ketentuan SLA</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="272"/>
        <source>Maintenance</source>
        <translation>Pemeliharaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="275"/>
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="276"/>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="277"/>
        <source>End today</source>
        <translation>Akhiri hari ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_form.py" line="278"/>
        <source>Undo</source>
        <translation>Urungkan</translation>
    </message>
</context>
<context>
    <name>ContractsPanel</name>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="232"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="232"/>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="232"/>
        <source>Service</source>
        <translation>Layanan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="232"/>
        <source>Links</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="232"/>
        <source>Bandwidth</source>
        <translation>Bandwidth</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="233"/>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="233"/>
        <source>End</source>
        <translation>Berakhir</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="233"/>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="233"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="233"/>
        <source>Days left</source>
        <translation>Sisa hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="234"/>
        <source>Warnings</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="235"/>
        <source>Details</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="235"/>
        <source>Payments</source>
        <translation>Pembayaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="235"/>
        <source>Budget requests</source>
        <translation>Usulan anggaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="236"/>
        <source>Correspondence</source>
        <translation>Surat-menyurat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="239"/>
        <source>Link:</source>
        <translation>Link:</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="240"/>
        <source>Bars: contracts · red: days with no contract · dashed line: today · shading: budget years</source>
        <translation>Batang: kontrak · merah: hari tanpa kontrak · garis putus-putus: hari ini · arsiran: tahun anggaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="243"/>
        <source>PDF report…</source>
        <translation>Laporan PDF…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/contracts_panel.py" line="300"/>
        <source>%n contract(s)</source>
        <translation>
            <numerusform>%n kontrak</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/contracts_panel.py" line="338"/>
        <source>ended %n day(s) ago</source>
        <translation>
            <numerusform>berakhir %n hari yang lalu</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="346"/>
        <source>upcoming</source>
        <translation>belum mulai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="346"/>
        <source>active</source>
        <translation>berjalan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="347"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="350"/>
        <source>expiring</source>
        <translation>segera habis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="347"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="350"/>
        <source>expired</source>
        <translation>habis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="351"/>
        <source>no approved budget</source>
        <translation>anggaran belum disetujui</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="352"/>
        <source>payment overdue</source>
        <translation>pembayaran terlambat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="353"/>
        <source>coverage gap</source>
        <translation>tanpa kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_fields.py" line="55"/>
        <source>{office} (backup)</source>
        <translation>{office} (cadangan)</translation>
    </message>
</context>
<context>
    <name>CustomRangeRow</name>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="194"/>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="195"/>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="196"/>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
</context>
<context>
    <name>DiagnosisRun</name>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="87"/>
        <source>Unknown diagnosis “{scope}”: choose server, isp, site or all.</source>
        <translation>Diagnosis “{scope}” tidak dikenal: pilih server, isp, site, atau all.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="91"/>
        <source>Select an office first, then diagnose it.</source>
        <translation>Pilih kantor terlebih dahulu, lalu diagnosa.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="94"/>
        <source>The office “{site}” is not in this network.</source>
        <translation>Kantor “{site}” tidak ada di jaringan ini.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="99"/>
        <source>The diagnosis cannot start: {reason}</source>
        <translation>Diagnosis tidak dapat dimulai: {reason}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="102"/>
        <source>Nothing to check for {what}: the network has no targets with the roles this diagnosis needs (LAN gateway, server, ISP gateway, upstream).</source>
        <translation>Tidak ada yang dapat diperiksa untuk {what}: jaringan ini tidak memiliki target dengan peran yang diperlukan diagnosis ini (gateway LAN, server, gateway ISP, upstream).</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="138"/>
        <source>The diagnosis stopped with an error: {error}</source>
        <translation>Diagnosis berhenti karena galat: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="147"/>
        <source>Diagnosing {what}… {done} of {total} checks done · {seconds} s</source>
        <translation>Mendiagnosa {what}… {done} dari {total} pemeriksaan selesai · {seconds} detik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="151"/>
        <source>Diagnosis of {what}</source>
        <translation>Diagnosis {what}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="154"/>
        <source>No diagnosis yet: use Diagnose server, Diagnose ISP gateway or Diagnose selected office.</source>
        <translation>Belum ada diagnosis: gunakan Diagnosa server, Diagnosa gateway ISP, atau Diagnosa kantor terpilih.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="161"/>
        <source>the office {name}</source>
        <translation>kantor {name}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="162"/>
        <source>the server</source>
        <translation>server</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="162"/>
        <source>the ISP gateway</source>
        <translation>gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_run.py" line="163"/>
        <source>the whole network</source>
        <translation>seluruh jaringan</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPanel</name>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="186"/>
        <source>Copy report</source>
        <translation>Salin laporan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="187"/>
        <source>Copy the report as text, ready to paste into a chat message</source>
        <translation>Salin laporan sebagai teks, siap ditempel ke pesan chat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="188"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="230"/>
        <source>No workspace is open, so reports cannot be saved</source>
        <translation>Tidak ada ruang kerja yang terbuka, jadi laporan tidak dapat disimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="232"/>
        <source>This report is saved</source>
        <translation>Laporan ini sudah disimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="234"/>
        <source>Keep this report in the workspace, as evidence for the outage log</source>
        <translation>Simpan laporan ini di ruang kerja sebagai bukti untuk catatan gangguan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="244"/>
        <source>Copied</source>
        <translation>Tersalin</translation>
    </message>
</context>
<context>
    <name>GraphToolbar</name>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="90"/>
        <source>Live</source>
        <translation>Langsung</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="90"/>
        <source>1 h</source>
        <translation>1 jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="90"/>
        <source>24 h</source>
        <translation>24 jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="90"/>
        <source>7 d</source>
        <translation>7 hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="91"/>
        <source>30 d</source>
        <translation>30 hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="95"/>
        <source>The last 15 minutes, updated every second</source>
        <translation>15 menit terakhir, diperbarui setiap detik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="96"/>
        <source>Custom…</source>
        <translation>Pilih rentang…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="97"/>
        <source>Choose the start and end of the range</source>
        <translation>Pilih awal dan akhir rentang waktu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="98"/>
        <location filename="../../src/pantau/ui/graph_controls.py" line="116"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="99"/>
        <location filename="../../src/pantau/ui/graph_controls.py" line="116"/>
        <source>ISP gateway</source>
        <translation>Gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="100"/>
        <source>Seen from</source>
        <translation>Dilihat dari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="101"/>
        <source>Whose measurements the graphs and outages show: each agent probes from its own office</source>
        <translation>Pengukuran siapa yang ditampilkan grafik dan daftar gangguan: tiap agen memeriksa dari kantornya sendiri</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="103"/>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="104"/>
        <source>Save the graph as a PNG image</source>
        <translation>Simpan grafik sebagai gambar PNG</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="105"/>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="106"/>
        <source>Save the data in view as CSV</source>
        <translation>Simpan data yang ditampilkan sebagai CSV</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="121"/>
        <source>Pin the central server&apos;s latency as a dashed reference line</source>
        <translation>Tampilkan latensi server pusat sebagai garis acuan putus-putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="122"/>
        <source>Pin the ISP gateway&apos;s latency as a dashed reference line</source>
        <translation>Tampilkan latensi gateway ISP sebagai garis acuan putus-putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_controls.py" line="126"/>
        <source>The network has no enabled target with this role</source>
        <translation>Jaringan ini tidak memiliki target aktif dengan peran ini</translation>
    </message>
</context>
<context>
    <name>IncidentActions</name>
    <message>
        <location filename="../../src/pantau/ui/incident_actions.py" line="57"/>
        <source>Save the incident record</source>
        <translation>Simpan berita acara gangguan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/incident_actions.py" line="58"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/incident_actions.py" line="94"/>
        <source>Print the incident record</source>
        <translation>Cetak berita acara gangguan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/incident_actions.py" line="106"/>
        <source>Could not make the incident record: {error}</source>
        <translation>Berita acara gangguan tidak dapat dibuat: {error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="235"/>
        <source>%n up</source>
        <translation>
            <numerusform>%n normal</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="236"/>
        <source>%n degraded</source>
        <translation>
            <numerusform>%n menurun</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="237"/>
        <source>%n path broken</source>
        <translation>
            <numerusform>%n jalur putus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="238"/>
        <source>%n down</source>
        <translation>
            <numerusform>%n putus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="239"/>
        <source>%n unreachable</source>
        <translation>
            <numerusform>%n tak terjangkau</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="240"/>
        <source>%n unknown</source>
        <translation>
            <numerusform>%n tidak diketahui</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="243"/>
        <source>No sites</source>
        <translation>Tidak ada kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="278"/>
        <source>Offices</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="280"/>
        <source>Diagnosis</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="281"/>
        <source>Graphs</source>
        <translation>Grafik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="282"/>
        <source>Contracts</source>
        <translation>Kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="283"/>
        <source>Bandwidth</source>
        <translation>Bandwidth</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="285"/>
        <source>Alerts</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="377"/>
        <source>Monitoring paused</source>
        <translation>Pemantauan dijeda</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="377"/>
        <source>Monitoring resumed</source>
        <translation>Pemantauan dilanjutkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="423"/>
        <source>A diagnosis is already running</source>
        <translation>Diagnosis sedang berjalan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="435"/>
        <source>Open network file</source>
        <translation>Buka berkas jaringan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="436"/>
        <source>Network files (*.toml);;Office lists (*.xlsx *.csv);;All files (*)</source>
        <translation>Berkas jaringan (*.toml);;Daftar kantor (*.xlsx *.csv);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="302"/>
        <source>Pantau — {name}</source>
        <translation>Pantau — {name}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="146"/>
        <source>Not monitoring</source>
        <translation>Tidak memantau</translation>
    </message>
</context>
<context>
    <name>MaintenanceEditor</name>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="37"/>
        <source>Alerts of these sites are silenced during the window; monitoring goes on. A site still DOWN when its window ends alerts then.</source>
        <translation>Peringatan kantor-kantor ini dibungkam selama jadwal pemeliharaan; pemantauan tetap berjalan. Kantor yang masih PUTUS saat jadwalnya berakhir baru mengirim peringatan pada saat itu.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="39"/>
        <source>Sites</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="39"/>
        <source>When</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="43"/>
        <source>Sites in the window:</source>
        <translation>Kantor dalam jadwal:</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="54"/>
        <source>Once</source>
        <translation>Sekali</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="55"/>
        <source>Every week</source>
        <translation>Setiap minggu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="65"/>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="66"/>
        <source>Until</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="76"/>
        <source> min</source>
        <translation> menit</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="77"/>
        <source>Day</source>
        <translation>Hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="78"/>
        <source>Starts at</source>
        <translation>Mulai pukul</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="79"/>
        <source>Lasts</source>
        <translation>Lamanya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="80"/>
        <source>Add window</source>
        <translation>Tambah jadwal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="82"/>
        <source>Remove selected</source>
        <translation>Hapus yang dipilih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="97"/>
        <source>Monday</source>
        <translation>Senin</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="97"/>
        <source>Tuesday</source>
        <translation>Selasa</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="97"/>
        <source>Wednesday</source>
        <translation>Rabu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="97"/>
        <source>Thursday</source>
        <translation>Kamis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="98"/>
        <source>Friday</source>
        <translation>Jumat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="98"/>
        <source>Saturday</source>
        <translation>Sabtu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="98"/>
        <source>Sunday</source>
        <translation>Minggu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="112"/>
        <source>{start} to {end}</source>
        <translation>{start} sampai {end}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="114"/>
        <source>every {day} at {time} for {minutes} min</source>
        <translation>setiap {day} pukul {time} selama {minutes} menit</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="124"/>
        <source>Maintenance sites</source>
        <translation>Kantor dalam jadwal pemeliharaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="124"/>
        <source>tick at least one site</source>
        <translation>centang paling sedikit satu kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="128"/>
        <source>Maintenance until</source>
        <translation>Pemeliharaan sampai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_maintenance.py" line="128"/>
        <source>must be after the start</source>
        <translation>harus sesudah waktu mulai</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../../src/pantau/ui/map/styles.py" line="91"/>
        <source>No contract on record</source>
        <translation>Tanpa kontrak tercatat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/styles.py" line="93"/>
        <source>Contract runs</source>
        <translation>Kontrak berlaku</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/styles.py" line="95"/>
        <source>Ends within 90 days</source>
        <translation>Habis dalam 90 hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/styles.py" line="97"/>
        <source>Ends within 30 days</source>
        <translation>Habis dalam 30 hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/styles.py" line="99"/>
        <source>Gap ahead or no approved budget</source>
        <translation>Akan ada celah kontrak atau anggaran belum disetujui</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/styles.py" line="101"/>
        <source>No contract today</source>
        <translation>Tanpa kontrak hari ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/tooltips.py" line="27"/>
        <source>Kecamatan {name}</source>
        <translation>Kecamatan {name}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/tooltips.py" line="30"/>
        <source>State: {state} since {time}</source>
        <translation>Status: {state} sejak {time}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/tooltips.py" line="33"/>
        <source>State: {state}</source>
        <translation>Status: {state}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/tooltips.py" line="37"/>
        <source>RTT {rtt} · loss {loss}</source>
        <translation>RTT {rtt} · loss {loss}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/tooltips.py" line="42"/>
        <source>Link: {provider} · {medium}</source>
        <translation>Link: {provider} · {medium}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/view.py" line="415"/>
        <source>{provider} · {medium} · {kbps} kbps</source>
        <translation>{provider} · {medium} · {kbps} kbps</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/view.py" line="419"/>
        <source>Colour by contract risk</source>
        <translation>Warnai menurut risiko kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/view.py" line="421"/>
        <source>Colour the offices by their contracts (days left, gaps, budget) instead of their live state</source>
        <translation>Warnai kantor menurut kontraknya (sisa hari, celah, anggaran), bukan menurut statusnya saat ini</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/map/view.py" line="503"/>
        <source>%n sites</source>
        <translation>
            <numerusform>%n kantor</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/labels.py" line="123"/>
        <source>… and {count} more</source>
        <translation>… dan {count} lainnya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/view.py" line="613"/>
        <source>{n} km</source>
        <translation>{n} km</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map/view.py" line="614"/>
        <source>{n} m</source>
        <translation>{n} m</translation>
    </message>
</context>
<context>
    <name>MonitorSession</name>
    <message>
        <location filename="../../src/pantau/ui/session.py" line="521"/>
        <source>Could not read the history: {error}</source>
        <translation>Riwayat tidak dapat dibaca: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/session.py" line="595"/>
        <source>Alerts are off: {error}</source>
        <translation>Peringatan tidak aktif: {error}</translation>
    </message>
</context>
<context>
    <name>MonitoringFailedBanner</name>
    <message>
        <location filename="../../src/pantau/ui/failure_banner.py" line="46"/>
        <source>Restart monitoring</source>
        <translation>Mulai ulang pemantauan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/failure_banner.py" line="47"/>
        <source>Monitoring stopped on an error: {reason}. Nothing is probed and every office shows Unknown until monitoring restarts.</source>
        <translation>Pemantauan berhenti karena galat: {reason}. Tidak ada yang diuji dan setiap kantor tampil Tidak diketahui sampai pemantauan dimulai ulang.</translation>
    </message>
</context>
<context>
    <name>OfficeLists</name>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="58"/>
        <source>Merge offices</source>
        <translation>Gabungkan kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="56"/>
        <source>Merge the offices of {file} into the network?</source>
        <translation>Gabungkan kantor-kantor dari {file} ke dalam jaringan?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/office_lists.py" line="61"/>
        <source>Offices added: %n</source>
        <translation>
            <numerusform>Kantor ditambahkan: %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/office_lists.py" line="62"/>
        <source>Offices updated: %n</source>
        <translation>
            <numerusform>Kantor diperbarui: %n</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="64"/>
        <source>Sheet read: {sheet}</source>
        <translation>Lembar yang dibaca: {sheet}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="67"/>
        <source>Merge</source>
        <translation>Gabungkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="68"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="97"/>
        <location filename="../../src/pantau/ui/office_lists.py" line="119"/>
        <source>Save office template</source>
        <translation>Simpan templat daftar kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="98"/>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Buku kerja Excel (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="114"/>
        <source>Saved the office template as {file}</source>
        <translation>Templat daftar kantor disimpan sebagai {file}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/office_lists.py" line="118"/>
        <source>The office template was not saved: {error}</source>
        <translation>Templat daftar kantor tidak disimpan: {error}</translation>
    </message>
</context>
<context>
    <name>OutagePanel</name>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="105"/>
        <source>Office</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="105"/>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="105"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="106"/>
        <source>Duration</source>
        <translation>Durasi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="106"/>
        <source>Cause</source>
        <translation>Penyebab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="107"/>
        <source>Click an outage to zoom the graphs to it; select one or several for their incident record</source>
        <translation>Klik gangguan untuk memperbesar grafik ke gangguan itu; pilih satu atau beberapa untuk berita acaranya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="109"/>
        <location filename="../../src/pantau/ui/outage_list.py" line="248"/>
        <source>Incident record…</source>
        <translation>Berita acara…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="110"/>
        <source>Save the incident record (berita acara) of the selected outages as a PDF</source>
        <translation>Simpan berita acara gangguan yang dipilih sebagai PDF</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="112"/>
        <source>Print…</source>
        <translation>Cetak…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="113"/>
        <source>Print the incident record of the selected outages</source>
        <translation>Cetak berita acara gangguan yang dipilih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="138"/>
        <source>Outages of {0} in this range: {1}</source>
        <translation>Gangguan {0} dalam rentang ini: {1}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="140"/>
        <source>Outages of the {0} compared offices in this range: {1}</source>
        <translation>Gangguan {0} kantor yang dibandingkan dalam rentang ini: {1}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="152"/>
        <source>Uptime of {0}: no data</source>
        <translation>Uptime {0}: tidak ada data</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="155"/>
        <source>Uptime of {0}: {1} of the {2} monitored (not monitored: {3})</source>
        <translation>Uptime {0}: {1} dari {2} yang dipantau (tidak dipantau: {3})</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="158"/>
        <source>Uptime of {0}: {1}</source>
        <translation>Uptime {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="165"/>
        <source>{0}: no data</source>
        <translation>{0}: tidak ada data</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="167"/>
        <source>{0}: {1} of the {2} monitored</source>
        <translation>{0}: {1} dari {2} yang dipantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="170"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="173"/>
        <source>Uptime over the {0} monitored (not monitored: {1}):</source>
        <translation>Uptime selama {0} yang dipantau (tidak dipantau: {1}):</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="176"/>
        <source>Uptime:</source>
        <translation>Uptime:</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="185"/>
        <source>{0}, ongoing</source>
        <translation>{0}, masih berlangsung</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="199"/>
        <source>{0} s</source>
        <translation>{0} detik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="201"/>
        <source>{0} min</source>
        <translation>{0} menit</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="203"/>
        <source>{0} h {1:02d} min</source>
        <translation>{0} jam {1:02d} menit</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="204"/>
        <source>{0} d {1} h</source>
        <translation>{0} hari {1} jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/outage_list.py" line="249"/>
        <source>Print incident record…</source>
        <translation>Cetak berita acara…</translation>
    </message>
</context>
<context>
    <name>PaperworkEditor</name>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="164"/>
        <source>The amount must be a positive amount in rupiah, e.g. 760.000.000.</source>
        <translation>Jumlah harus rupiah yang positif, mis. 760.000.000.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="166"/>
        <source>The period must not end before it starts.</source>
        <translation>Masa tidak boleh berakhir sebelum mulai.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="177"/>
        <source>Record a payment on {id}</source>
        <translation>Catat pembayaran pada {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="255"/>
        <source>Amount proposed: must be a positive amount in rupiah, e.g. 2.300.000.000.</source>
        <translation>Jumlah diusulkan: harus jumlah rupiah yang positif, mis. 2.300.000.000.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="259"/>
        <source>Decided on: an approved or cut request needs the date of the decision.</source>
        <translation>Tanggal keputusan: usulan yang disetujui atau dicoret memerlukan tanggal keputusan.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="263"/>
        <source>Decided on: a budget for {year} is decided before or during {year}.</source>
        <translation>Tanggal keputusan: anggaran {year} diputuskan sebelum atau selama tahun {year}.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="275"/>
        <source>To: name who the letter was sent to.</source>
        <translation>Kepada: tuliskan kepada siapa surat dikirim.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="277"/>
        <source>Subject: say what the letter is about.</source>
        <translation>Perihal: tuliskan pokok surat.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="306"/>
        <source>Add a budget request to {id}</source>
        <translation>Tambah usulan anggaran pada {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="318"/>
        <source>Edit a budget request of {id}</source>
        <translation>Ubah usulan anggaran {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="329"/>
        <source>Delete a budget request of {id}</source>
        <translation>Hapus usulan anggaran {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="340"/>
        <source>Add a letter to {id}</source>
        <translation>Tambah surat pada {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="352"/>
        <source>Edit a letter of {id}</source>
        <translation>Ubah surat {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="363"/>
        <source>Delete a letter of {id}</source>
        <translation>Hapus surat {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="371"/>
        <source>overdue</source>
        <translation>terlambat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="372"/>
        <source>not paid</source>
        <translation>belum dibayar</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="382"/>
        <source>proposed</source>
        <translation>diusulkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="382"/>
        <source>approved</source>
        <translation>disetujui</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="383"/>
        <source>cut</source>
        <translation>dicoret</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="395"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="401"/>
        <source>Paid on</source>
        <translation>Tanggal bayar</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="395"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="397"/>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="395"/>
        <source>Period</source>
        <translation>Masa</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="396"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="400"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="403"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="415"/>
        <source>Reference</source>
        <translation>Referensi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="397"/>
        <source>Year</source>
        <translation>Tahun</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="397"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="407"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="398"/>
        <source>Decided</source>
        <translation>Diputuskan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="398"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="407"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="399"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="414"/>
        <source>Sent on</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="399"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="414"/>
        <source>To</source>
        <translation>Kepada</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="399"/>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="414"/>
        <source>Subject</source>
        <translation>Perihal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="401"/>
        <source>Amount (Rp)</source>
        <translation>Jumlah (Rp)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="402"/>
        <source>Period from</source>
        <translation>Masa dari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="402"/>
        <source>Period to</source>
        <translation>Masa sampai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="405"/>
        <source>Record payment</source>
        <translation>Catat pembayaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="406"/>
        <source>Budget year</source>
        <translation>Tahun anggaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="406"/>
        <source>Amount proposed (Rp)</source>
        <translation>Jumlah diusulkan (Rp)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="407"/>
        <source>Decided on</source>
        <translation>Tanggal keputusan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="413"/>
        <source>decided</source>
        <translation>sudah diputuskan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="419"/>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="420"/>
        <source>Save changes</source>
        <translation>Simpan perubahan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_paperwork.py" line="421"/>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <location filename="../../src/pantau/ui/problems_dialog.py" line="25"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <location filename="../../src/pantau/ui/contract_export.py" line="35"/>
        <source>Save the contract report</source>
        <translation>Simpan laporan kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_export.py" line="36"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_export.py" line="52"/>
        <source>Contract report</source>
        <translation>Laporan kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_export.py" line="65"/>
        <source>Writing the report…</source>
        <translation>Menulis laporan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_export.py" line="82"/>
        <source>Report saved to {path}</source>
        <translation>Laporan disimpan di {path}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_export.py" line="86"/>
        <source>Could not write the report: {error}</source>
        <translation>Laporan tidak dapat ditulis: {error}</translation>
    </message>
</context>
<context>
    <name>RulesEditor</name>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="38"/>
        <source> min</source>
        <translation> menit</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="46"/>
        <source>Alert DOWN after</source>
        <translation>Peringatan PUTUS setelah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="47"/>
        <source>Alert when an alerted site recovers</source>
        <translation>Kirim peringatan saat kantor yang sudah diperingatkan pulih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="50"/>
        <source>Alert DEGRADED lasting longer than</source>
        <translation>Peringatan MENURUN yang berlangsung lebih dari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="56"/>
        <source>Alert contract warnings (expiring, unpaid, no budget)</source>
        <translation>Kirim peringatan kontrak (segera habis, belum dibayar, anggaran belum disetujui)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="58"/>
        <source>Name the latest diagnosis verdict in alerts</source>
        <translation>Sebutkan kesimpulan diagnosis terakhir dalam peringatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="61"/>
        <source>Alert a measured line at 90 % or more for</source>
        <translation>Peringatkan link terukur yang terpakai 90 % atau lebih selama</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="67"/>
        <source>Alert when a router reports a measured line&apos;s interface down</source>
        <translation>Peringatkan bila router melaporkan antarmuka link terukur mati</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="70"/>
        <source>Quiet hours from</source>
        <translation>Jam tenang dari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="79"/>
        <source>to</source>
        <translation>sampai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="85"/>
        <source>DOWN</source>
        <translation>PUTUS</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="85"/>
        <source>DEGRADED</source>
        <translation>MENURUN</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="86"/>
        <source>flapping</source>
        <translation>putus-sambung</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="86"/>
        <source>contract</source>
        <translation>kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="87"/>
        <source>full line</source>
        <translation>link penuh</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="92"/>
        <source>Held back in quiet hours</source>
        <translation>Ditahan selama jam tenang</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="93"/>
        <source>Recoveries are never held back.</source>
        <translation>Peringatan pulih tidak pernah ditahan.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="96"/>
        <source>Per group (the first matching row applies)</source>
        <translation>Per kelompok (berlaku baris pertama yang cocok)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="98"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="114"/>
        <source>Site kind</source>
        <translation>Jenis kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="98"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="115"/>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="98"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="116"/>
        <source>Target role</source>
        <translation>Peran target</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="99"/>
        <source>Alerts</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="99"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="130"/>
        <source>DOWN after</source>
        <translation>PUTUS setelah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="99"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="124"/>
        <source>DEGRADED after</source>
        <translation>MENURUN setelah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="103"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="110"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="180"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="181"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="182"/>
        <source>any</source>
        <translation>semua</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="119"/>
        <source>Sites</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="121"/>
        <source>alert</source>
        <translation>kirim peringatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="134"/>
        <source>Rule</source>
        <translation>Aturan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="137"/>
        <source>Add group rule</source>
        <translation>Tambah aturan kelompok</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="139"/>
        <source>Remove selected</source>
        <translation>Hapus yang dipilih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="183"/>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="183"/>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="184"/>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="185"/>
        <source>{minutes} min</source>
        <translation>{minutes} menit</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="185"/>
        <source>never</source>
        <translation>tidak pernah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="200"/>
        <source>Group rule</source>
        <translation>Aturan kelompok</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="200"/>
        <source>choose a site kind, a kecamatan or a target role</source>
        <translation>pilih jenis kantor, kecamatan, atau peran target</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="218"/>
        <source>Quiet hours</source>
        <translation>Jam tenang</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/alert_rules_editor.py" line="218"/>
        <source>the start and the end must differ</source>
        <translation>waktu mulai dan waktu selesai harus berbeda</translation>
    </message>
</context>
<context>
    <name>SampleBanner</name>
    <message>
        <location filename="../../src/pantau/ui/sample_banner.py" line="32"/>
        <source>This is the bundled SAMPLE network (loopback addresses only). Load your own network with File ▸ Open network file, or: pantau import FILE</source>
        <translation>Ini jaringan CONTOH bawaan (hanya alamat loopback). Muat jaringan Anda sendiri lewat Berkas ▸ Buka berkas jaringan, atau: pantau import FILE</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/sample_banner.py" line="34"/>
        <source>Dismiss</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/sample_banner.py" line="35"/>
        <source>Hide this notice</source>
        <translation>Sembunyikan pemberitahuan ini</translation>
    </message>
</context>
<context>
    <name>SavePipeline</name>
    <message>
        <location filename="../../src/pantau/ui/contract_saving.py" line="60"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_saving.py" line="80"/>
        <source>Saved.</source>
        <translation>Tersimpan.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_saving.py" line="85"/>
        <source>Could not save: {error}</source>
        <translation>Tidak dapat menyimpan: {error}</translation>
    </message>
</context>
<context>
    <name>SavedReports</name>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="105"/>
        <source>Copy</source>
        <translation>Salin</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="106"/>
        <source>Copy the selected saved report</source>
        <translation>Salin laporan tersimpan yang dipilih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="107"/>
        <source>Saved reports</source>
        <translation>Laporan tersimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="108"/>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="108"/>
        <source>Scope</source>
        <translation>Cakupan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="108"/>
        <source>Verdict</source>
        <translation>Kesimpulan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="109"/>
        <source>Select a saved report to read it.</source>
        <translation>Pilih laporan tersimpan untuk membacanya.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="136"/>
        <source>Saved</source>
        <translation>Tersimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="142"/>
        <source>The report could not be saved: {error}</source>
        <translation>Laporan tidak dapat disimpan: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="160"/>
        <source>The saved reports could not be read: {error}</source>
        <translation>Laporan tersimpan tidak dapat dibaca: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="185"/>
        <source>{scope} (automatic)</source>
        <translation>{scope} (otomatis)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="186"/>
        <source>Taken by itself when offices went down: the outage&apos;s evidence</source>
        <translation>Diambil otomatis saat kantor putus: bukti gangguan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="190"/>
        <source>Verdict code: {code}</source>
        <translation>Kode kesimpulan: {code}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="208"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="208"/>
        <source>ISP</source>
        <translation>ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="208"/>
        <source>Whole network</source>
        <translation>Seluruh jaringan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_saved.py" line="233"/>
        <source>Copied</source>
        <translation>Tersalin</translation>
    </message>
</context>
<context>
    <name>Selftest</name>
    <message>
        <location filename="../../src/pantau/ui/app.py" line="186"/>
        <source>no fonts found: every text would be drawn as empty boxes</source>
        <translation>tidak ada font: semua teks akan tergambar sebagai kotak kosong</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/app.py" line="192"/>
        <source>the map has nothing to draw</source>
        <translation>tidak ada yang dapat digambar di peta</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/app.py" line="195"/>
        <source>the office table has {rows} rows for {sites} sites</source>
        <translation>tabel kantor berisi {rows} baris untuk {sites} kantor</translation>
    </message>
</context>
<context>
    <name>ServiceMeasure</name>
    <message>
        <location filename="../../src/pantau/ui/contract_measure.py" line="64"/>
        <source>Measuring the service from the outage log…</source>
        <translation>Mengukur layanan dari catatan gangguan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_measure.py" line="85"/>
        <source>Could not read the outage log: {error}</source>
        <translation>Catatan gangguan tidak dapat dibaca: {error}</translation>
    </message>
</context>
<context>
    <name>SessionWiring</name>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="133"/>
        <source>Updated {time}</source>
        <translation>Diperbarui {time}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="146"/>
        <source>Reading {file} …</source>
        <translation>Membaca {file} …</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="153"/>
        <source>Loaded {file}: {count} sites</source>
        <translation>{file} dimuat: {count} kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="158"/>
        <source>{file} was not merged</source>
        <translation>{file} tidak digabungkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="163"/>
        <source>Office list not merged</source>
        <translation>Daftar kantor tidak digabungkan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/window_session.py" line="171"/>
        <source>{file} was not imported: %n problem(s). Nothing was changed.</source>
        <translation>
            <numerusform>{file} tidak diimpor: %n masalah. Tidak ada yang diubah.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="163"/>
        <source>Network file not imported</source>
        <translation>Berkas jaringan tidak diimpor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="188"/>
        <source>Evidence saved for {sites}: {headline}</source>
        <translation>Bukti tersimpan untuk {sites}: {headline}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="238"/>
        <source>Alert settings saved</source>
        <translation>Pengaturan peringatan disimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_session.py" line="242"/>
        <source>The contract change was not saved: {error}</source>
        <translation>Perubahan kontrak tidak disimpan: {error}</translation>
    </message>
</context>
<context>
    <name>SiteGraphs</name>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="191"/>
        <source>Latency (ms)</source>
        <translation>Latensi (ms)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="191"/>
        <source>Loss (%)</source>
        <translation>Loss (%)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="380"/>
        <source>The end of the range must come after its start.</source>
        <translation>Akhir rentang harus sesudah awalnya.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="415"/>
        <source>Could not read the history: {0}</source>
        <translation>Riwayat tidak dapat dibaca: {0}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="192"/>
        <source>Availability: the office&apos;s state; hatched grey where nobody measured (Pantau was not running)</source>
        <translation>Ketersediaan: status kantor; abu-abu berarsir bila tidak ada yang mengukur (Pantau tidak berjalan)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="193"/>
        <source>Line use (%)</source>
        <translation>Pemakaian link (%)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="461"/>
        <source>Down {0}: {1}</source>
        <translation>Putus {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="474"/>
        <source>delivered late</source>
        <translation>terkirim terlambat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="596"/>
        <source>Save the graph as PNG</source>
        <translation>Simpan grafik sebagai PNG</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="596"/>
        <source>Save the data as CSV</source>
        <translation>Simpan data sebagai CSV</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="597"/>
        <source>PNG images (*.png)</source>
        <translation>Gambar PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="597"/>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="602"/>
        <source>Saving {0}…</source>
        <translation>Menyimpan {0}…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="607"/>
        <source>Saved {0}</source>
        <translation>{0} tersimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="612"/>
        <source>Could not save {0}: {1}</source>
        <translation>{0} tidak dapat disimpan: {1}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_readout.py" line="34"/>
        <source>{0} ms</source>
        <translation>{0} ms</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_readout.py" line="37"/>
        <source>{0}: {1}, loss {2}</source>
        <translation>{0}: {1}, loss {2}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_readout.py" line="43"/>
        <source>not monitored</source>
        <translation>tidak dipantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_readout.py" line="46"/>
        <source>delivered late, at {0}</source>
        <translation>terkirim terlambat, pada {0}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graph_readout.py" line="53"/>
        <source>Delivered late: the rounds of {0} – {1} reached the store at {2} – {3} (sent after a break in the connection)</source>
        <translation>Terkirim terlambat: pengukuran {0} – {1} baru sampai di penyimpanan pada {2} – {3} (dikirim setelah sambungan sempat putus)</translation>
    </message>
</context>
<context>
    <name>SiteTable</name>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="84"/>
        <source>fiber</source>
        <translation>fiber optik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="85"/>
        <source>wireless</source>
        <translation>nirkabel</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="86"/>
        <source>VSAT</source>
        <translation>VSAT</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="87"/>
        <source>Metro-E</source>
        <translation>Metro-E</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="88"/>
        <source>ADSL</source>
        <translation>ADSL</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="89"/>
        <source>4G</source>
        <translation>4G</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="190"/>
        <source>Filter by name or kecamatan</source>
        <translation>Saring menurut nama atau kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="191"/>
        <source>Show only the offices in one state</source>
        <translation>Tampilkan hanya kantor dengan status tertentu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="194"/>
        <source>All states</source>
        <translation>Semua status</translation>
    </message>
</context>
<context>
    <name>SiteTableModel</name>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="293"/>
        <source>primary</source>
        <translation>utama</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="293"/>
        <source>backup</source>
        <translation>cadangan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="295"/>
        <source>{provider}, {medium}, {kbps} kbps ({role}); circuit {circuit}</source>
        <translation>{provider}, {medium}, {kbps} kbps ({role}); circuit ID {circuit}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="361"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="362"/>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="363"/>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="364"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="365"/>
        <source>RTT ms</source>
        <translation>RTT ms</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="366"/>
        <source>Loss %</source>
        <translation>Loss %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="367"/>
        <source>Uptime 24 h</source>
        <translation>Uptime 24 jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="368"/>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="369"/>
        <source>Contract days</source>
        <translation>Kontrak (hari)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="370"/>
        <source>Use %</source>
        <translation>Pakai %</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/site_model.py" line="435"/>
        <source>Contract {contract} ended %n day(s) ago</source>
        <translation>
            <numerusform>Kontrak {contract} berakhir %n hari yang lalu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/site_model.py" line="438"/>
        <source>Contract {contract}: %n day(s) left</source>
        <translation>
            <numerusform>Kontrak {contract}: sisa %n hari</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="449"/>
        <source>Share of the last 24 hours the office answered, from the shared store&apos;s agents together: down only while silent from every agent that measured it (a path broken from one agent is not downtime); time no agent measured is not counted</source>
        <translation>Persentase waktu kantor menjawab dalam 24 jam terakhir, dari semua agen penyimpanan bersama: dihitung putus hanya selama kantor diam dari setiap agen yang mengukurnya (jalur putus dari satu agen bukan gangguan kantor); waktu yang tidak diukur agen mana pun tidak dihitung</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="453"/>
        <source>Share of the last 24 hours the office answered (time without data not counted)</source>
        <translation>Persentase waktu kantor menjawab dalam 24 jam terakhir (waktu tanpa data tidak dihitung)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="461"/>
        <source>Not measured: this office&apos;s line has no SNMP interface set up</source>
        <translation>Tidak diukur: link kantor ini belum punya antarmuka SNMP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="467"/>
        <source>Busiest interval of the last hour: {use} % of {contract}</source>
        <translation>Interval tersibuk dalam satu jam terakhir: {use} % dari {contract}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="470"/>
        <source>Now: {use} %</source>
        <translation>Sekarang: {use} %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="472"/>
        <source>The router reports the interface down</source>
        <translation>Router melaporkan antarmuka mati</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="474"/>
        <source>No reading: {problem}</source>
        <translation>Tidak ada pembacaan: {problem}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="475"/>
        <source>Not measured in the last hour</source>
        <translation>Tidak terukur dalam satu jam terakhir</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_model.py" line="506"/>
        <location filename="../../src/pantau/ui/site_table.py" line="162"/>
        <source>expired</source>
        <translation>habis</translation>
    </message>
</context>
<context>
    <name>SlaTermsForm</name>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="126"/>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="177"/>
        <source>start</source>
        <translation>mulai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="126"/>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="177"/>
        <source>end</source>
        <translation>selesai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="131"/>
        <source>Maintenance row {row}: the {field} is not a date and time like 2026-03-01 22:00.</source>
        <translation>Pemeliharaan baris {row}: waktu {field} bukan tanggal dan jam seperti 2026-03-01 22:00.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="141"/>
        <source>The credit per hour must be a percentage, e.g. 2, or empty.</source>
        <translation>Kompensasi per jam harus berupa persen, mis. 2, atau kosong.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="143"/>
        <source>The credit cap must be a percentage, e.g. 30, or empty.</source>
        <translation>Batas kompensasi harus berupa persen, mis. 30, atau kosong.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="178"/>
        <source>Maintenance row {row}, {field}</source>
        <translation>Pemeliharaan baris {row}, {field}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="180"/>
        <source>SLA terms</source>
        <translation>Ketentuan SLA</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="180"/>
        <source>Credit per hour</source>
        <translation>Kompensasi per jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="181"/>
        <source>Credit cap</source>
        <translation>Batas kompensasi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="182"/>
        <source>Maintenance</source>
        <translation>Pemeliharaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="186"/>
        <source>per month</source>
        <translation>per bulan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="186"/>
        <source>per quarter</source>
        <translation>per triwulan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="187"/>
        <source>per year</source>
        <translation>per tahun</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="190"/>
        <source>The window availability is measured over</source>
        <translation>Periode pengukuran ketersediaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="191"/>
        <source>credit % of the monthly fee per hour</source>
        <translation>kompensasi % biaya bulanan per jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="192"/>
        <source>Per whole hour of downtime beyond what the SLA allows; empty: the contract gives no credit</source>
        <translation>Per jam penuh waktu putus di atas batas yang diizinkan SLA; kosong: kontrak tidak memberi kompensasi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="194"/>
        <source>cap %</source>
        <translation>batas %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="195"/>
        <source>At most this percent of the window&apos;s fee; empty: 100</source>
        <translation>Paling banyak persen ini dari biaya periode; kosong: 100</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="197"/>
        <source>Start (local time)</source>
        <translation>Mulai (waktu setempat)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="197"/>
        <source>End (local time)</source>
        <translation>Selesai (waktu setempat)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="197"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="198"/>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contract_sla_form.py" line="199"/>
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
</context>
<context>
    <name>StateStyle</name>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="91"/>
        <source>Up</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="93"/>
        <source>Degraded</source>
        <translation>Menurun</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="95"/>
        <source>Path broken</source>
        <translation>Jalur putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="97"/>
        <source>Down</source>
        <translation>Putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="99"/>
        <source>Unreachable</source>
        <translation>Tak terjangkau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="101"/>
        <source>Unknown</source>
        <translation>Tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="109"/>
        <source>Data centre</source>
        <translation>Pusat data</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="110"/>
        <source>Agency (SKPD)</source>
        <translation>Perangkat daerah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="111"/>
        <source>District (kecamatan)</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="112"/>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="113"/>
        <source>Village (desa)</source>
        <translation>Desa</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="114"/>
        <source>ISP POP</source>
        <translation>POP ISP</translation>
    </message>
</context>
<context>
    <name>StateTray</name>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="108"/>
        <source>{names} and {count} more</source>
        <translation>{names} dan {count} lainnya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="122"/>
        <source>1 office down</source>
        <translation>1 kantor putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="124"/>
        <source>%n offices down</source>
        <translation>%n kantor putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="126"/>
        <source>1 office recovered</source>
        <translation>1 kantor pulih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="128"/>
        <source>%n offices recovered</source>
        <translation>%n kantor pulih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="92"/>
        <location filename="../../src/pantau/ui/tray.py" line="130"/>
        <source>Down: {names}</source>
        <translation>Putus: {names}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="93"/>
        <source>Path broken: {names}</source>
        <translation>Jalur putus: {names}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="94"/>
        <source>Degraded: {names}</source>
        <translation>Menurun: {names}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="131"/>
        <source>Recovered: {names}</source>
        <translation>Pulih: {names}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="185"/>
        <source>Show Pantau</source>
        <translation>Tampilkan Pantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="186"/>
        <source>Quit Pantau</source>
        <translation>Keluar dari Pantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="292"/>
        <source>Pantau alert</source>
        <translation>Peringatan Pantau</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/tray.py" line="307"/>
        <source>%n Pantau alerts</source>
        <translation>
            <numerusform>%n peringatan Pantau</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="301"/>
        <source>and {count} more</source>
        <translation>dan {count} lainnya</translation>
    </message>
</context>
<context>
    <name>StoreEdits</name>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="38"/>
        <source>the network in the store changed (revision {old} → {new}) since this window read it; it has been reloaded — make your change again</source>
        <translation>jaringan di penyimpanan bersama berubah (revisi {old} → {new}) sejak jendela ini membacanya; jaringan sudah dimuat ulang — lakukan perubahan Anda sekali lagi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="88"/>
        <source>Replace the shared network</source>
        <translation>Ganti jaringan bersama</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="89"/>
        <source>Replace the network of the shared store {store} for every window and agent?</source>
        <translation>Ganti jaringan penyimpanan bersama {store} untuk semua jendela dan agen?</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="94"/>
        <source>The offices, links, contracts and alert channels of {file} replace the ones every window and agent works from. The file is checked first: if it has problems, nothing changes.</source>
        <translation>Kantor, link, kontrak, dan kanal peringatan dari {file} menggantikan yang dipakai semua jendela dan agen. Berkas diperiksa lebih dulu: jika ada masalah, tidak ada yang diubah.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="97"/>
        <source>Replace</source>
        <translation>Ganti</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="98"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="106"/>
        <source>Merge the offices of {file} into the network of the shared store {store} for every window and agent?</source>
        <translation>Gabungkan kantor-kantor dari {file} ke dalam jaringan penyimpanan bersama {store} untuk semua jendela dan agen?</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="118"/>
        <source>{file} saved to the shared store {store} (revision {revision}) for every window and agent</source>
        <translation>{file} disimpan ke penyimpanan bersama {store} (revisi {revision}) untuk semua jendela dan agen</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_edits.py" line="124"/>
        <source>On the shared store the alert settings cannot be changed here: the rules and maintenance windows are kept by the Pantau that sends the alerts (pantau agent --alerts); change the alert channels in the network file and open it here.</source>
        <translation>Pada penyimpanan bersama, pengaturan peringatan tidak dapat diubah di sini: aturan dan jadwal pemeliharaan disimpan oleh Pantau yang mengirim peringatan (pantau agent --alerts); ubah kanal peringatan di berkas jaringan lalu buka berkas itu di sini.</translation>
    </message>
</context>
<context>
    <name>StoreView</name>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="45"/>
        <source>{n} s</source>
        <translation>{n} dtk</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="47"/>
        <source>{n} min</source>
        <translation>{n} mnt</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="49"/>
        <source>{n} h</source>
        <translation>{n} jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="50"/>
        <source>{n} d</source>
        <translation>{n} hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="68"/>
        <source>Answers {heard}; silent from {silent}.</source>
        <translation>Menjawab {heard}; diam dari {silent}.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="71"/>
        <source>Answers {heard}.</source>
        <translation>Menjawab {heard}.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="74"/>
        <source>Silent from {silent}.</source>
        <translation>Diam dari {silent}.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="77"/>
        <source>No vantage of the shared store has judged it yet.</source>
        <translation>Belum ada titik pantau di penyimpanan bersama yang menilainya.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="79"/>
        <source>{vantage} (last word {age} ago)</source>
        <translation>{vantage} (kabar terakhir {age} lalu)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="82"/>
        <source>Too old to count: {vantages}.</source>
        <translation>Terlalu lama untuk dihitung: {vantages}.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="84"/>
        <source>Figures from {vantage}.</source>
        <translation>Angka dari {vantage}.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="125"/>
        <source>no agent has reported yet</source>
        <translation>belum ada agen yang melapor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="130"/>
        <source>{vantage} (silent {age})</source>
        <translation>{vantage} (diam {age})</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_view.py" line="133"/>
        <source>{vantage} ({age} ago)</source>
        <translation>{vantage} ({age} lalu)</translation>
    </message>
</context>
<context>
    <name>StoreWatch</name>
    <message>
        <location filename="../../src/pantau/ui/store_watch.py" line="145"/>
        <source>the shared store has not been read yet</source>
        <translation>penyimpanan bersama belum terbaca</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_watch.py" line="163"/>
        <source>The store role {user} may only read: editing is off.</source>
        <translation>Peran penyimpanan {user} hanya boleh membaca: penyuntingan dimatikan.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_watch.py" line="165"/>
        <source>Edits made here (network files, office lists, contracts) are saved to the store for every window and agent.</source>
        <translation>Suntingan di sini (berkas jaringan, daftar kantor, kontrak) disimpan ke penyimpanan bersama untuk semua jendela dan agen.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_watch.py" line="218"/>
        <source>Store read {time}</source>
        <translation>Penyimpanan dibaca {time}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_watch.py" line="301"/>
        <source>Cannot read the shared store {store}: {error}. Offices show Unknown once what the agents last said is more than {limit} old; trying again every second.</source>
        <translation>Penyimpanan bersama {store} tidak dapat dibaca: {error}. Kantor tampil Tidak diketahui setelah kabar terakhir agen lebih lama dari {limit}; dicoba lagi setiap detik.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_watch.py" line="304"/>
        <source>Watching the shared store {store}: agents {agents}.</source>
        <translation>Mengamati penyimpanan bersama {store}: agen {agents}.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/store_watch.py" line="307"/>
        <source>This computer probes as {vantage} too.</source>
        <translation>Komputer ini juga memantau sebagai {vantage}.</translation>
    </message>
</context>
<context>
    <name>TrafficPanel</name>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="193"/>
        <source>Could not read the traffic: %1</source>
        <translation>Trafik tidak dapat dibaca: %1</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="217"/>
        <source>No link has an SNMP interface set up: add [links.snmp] to a link in the network file (see docs/snmp.md).</source>
        <translation>Belum ada link dengan antarmuka SNMP: tambahkan [links.snmp] pada link di berkas jaringan (lihat docs/snmp.md).</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="219"/>
        <source>No workspace: nothing is recorded.</source>
        <translation>Tidak ada workspace: tidak ada yang dicatat.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="256"/>
        <source>Contract %1. Nothing recorded yet: the traffic is read while Pantau monitors.</source>
        <translation>Kontrak %1. Belum ada yang tercatat: trafik dibaca selama Pantau memantau.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="260"/>
        <source>No figure at %1: %2</source>
        <translation>Tidak ada angka pada %1: %2</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="263"/>
        <source>In %1, out %2 at %3: %4 of the contracted %5</source>
        <translation>Masuk %1, keluar %2 pada %3: %4 dari %5 sesuai kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="270"/>
        <source>Last hour: mean %1, 95th percentile %2, peak %3</source>
        <translation>Satu jam terakhir: rata-rata %1, persentil ke-95 %2, puncak %3</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="277"/>
        <source>Line:</source>
        <translation>Link:</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="278"/>
        <source>Traffic</source>
        <translation>Trafik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="279"/>
        <source>In</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="279"/>
        <source>Out</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="280"/>
        <source>Contracted rate</source>
        <translation>Kapasitas kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_panel.py" line="283"/>
        <source>Mean use by weekday and hour over the last %1 weeks, local time</source>
        <translation>Rata-rata pemakaian per hari dan jam selama %1 minggu terakhir, waktu setempat</translation>
    </message>
</context>
<context>
    <name>VerdictBanner</name>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="100"/>
        <source>Run again</source>
        <translation>Jalankan lagi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="101"/>
        <source>Diagnose the same again, to see the network as it is now</source>
        <translation>Diagnosis yang sama dijalankan lagi, untuk melihat jaringan seperti sekarang</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="106"/>
        <source>The line to an office is down</source>
        <translation>Link ke sebuah kantor putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="112"/>
        <source>All clear</source>
        <translation>Semua normal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="113"/>
        <source>This computer has no usable network</source>
        <translation>Komputer ini tidak memiliki jaringan yang bisa dipakai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="114"/>
        <source>The LAN gateway is down</source>
        <translation>Gateway LAN mati</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="115"/>
        <source>The central server is down</source>
        <translation>Server pusat mati</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="116"/>
        <source>A server service is down</source>
        <translation>Layanan di server mati</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="117"/>
        <source>The line to the ISP is down</source>
        <translation>Link ke ISP putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="118"/>
        <source>The provider&apos;s network to the offices is down</source>
        <translation>Jaringan provider ke kantor-kantor putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="119"/>
        <source>No internet beyond the ISP gateway</source>
        <translation>Tidak ada internet di luar gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="120"/>
        <source>The path from here to an office is broken; it answers another vantage</source>
        <translation>Jalur dari sini ke sebuah kantor putus; kantor itu menjawab titik pantau lain</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="121"/>
        <source>Name lookups (DNS) fail</source>
        <translation>Pencarian nama (DNS) gagal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="122"/>
        <source>Reachable, but slow or lossy</source>
        <translation>Terjangkau, tetapi lambat atau ada loss</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="139"/>
        <source>Verdict code: {code}</source>
        <translation>Kode kesimpulan: {code}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="149"/>
        <source>Next steps:</source>
        <translation>Langkah berikutnya:</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="168"/>
        <source>Result from {age}; the monitored states still match it.</source>
        <translation>Hasil dari {age}; status pemantauan masih sesuai.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnosis_banner.py" line="187"/>
        <source>less than a minute ago</source>
        <translation>kurang dari semenit yang lalu</translation>
    </message>
</context>
<context>
    <name>WeekHeatmapWidget</name>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="54"/>
        <source>Mon</source>
        <translation>Sen</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="54"/>
        <source>Tue</source>
        <translation>Sel</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="54"/>
        <source>Wed</source>
        <translation>Rab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="54"/>
        <source>Thu</source>
        <translation>Kam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="54"/>
        <source>Fri</source>
        <translation>Jum</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="54"/>
        <source>Sat</source>
        <translation>Sab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="55"/>
        <source>Sun</source>
        <translation>Min</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="82"/>
        <source>%1: no data</source>
        <translation>%1: tidak ada data</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="84"/>
        <source>1 hour measured</source>
        <translation>1 jam terukur</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/traffic_heatmap.py" line="84"/>
        <source>%1 hours measured</source>
        <translation>%1 jam terukur</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="142"/>
        <source>Diagnose server</source>
        <translation>Diagnosa server</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="143"/>
        <source>Check the path from this computer to the central server</source>
        <translation>Periksa jalur dari komputer ini ke server pusat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="144"/>
        <source>Diagnose ISP gateway</source>
        <translation>Diagnosa gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="145"/>
        <source>Check the internet link: ISP gateway, upstream, DNS</source>
        <translation>Periksa link internet: gateway ISP, upstream, DNS</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="146"/>
        <source>Diagnose selected office</source>
        <translation>Diagnosa kantor terpilih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="147"/>
        <source>Check the path to the office selected on the map or in the table</source>
        <translation>Periksa jalur ke kantor yang dipilih di peta atau di tabel</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="148"/>
        <source>Diagnose everything</source>
        <translation>Diagnosis semuanya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="149"/>
        <source>Check the whole network at once: data centre, ISP, every office</source>
        <translation>Periksa seluruh jaringan sekaligus: pusat data, ISP, setiap kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="150"/>
        <source>Open network file…</source>
        <translation>Buka berkas jaringan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="151"/>
        <source>Replace the network with a network file (.toml), or merge offices from a list (.xlsx, .csv)</source>
        <translation>Ganti jaringan dengan berkas jaringan (.toml), atau gabungkan kantor dari daftar (.xlsx, .csv)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="153"/>
        <source>Save office template…</source>
        <translation>Simpan templat daftar kantor…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="154"/>
        <source>Save the office list workbook (.xlsx) to fill in and open here</source>
        <translation>Simpan buku kerja daftar kantor (.xlsx) untuk diisi lalu dibuka di sini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="155"/>
        <source>Fit map</source>
        <translation>Paskan peta</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="155"/>
        <source>Show the whole regency on the map</source>
        <translation>Tampilkan seluruh kabupaten di peta</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="156"/>
        <source>Find office</source>
        <translation>Cari kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="156"/>
        <source>Filter the office table by name or kecamatan</source>
        <translation>Saring tabel kantor menurut nama atau kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="157"/>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="157"/>
        <source>Stop monitoring and close Pantau</source>
        <translation>Hentikan pemantauan dan tutup Pantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="158"/>
        <source>Alert settings…</source>
        <translation>Pengaturan peringatan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="159"/>
        <source>Telegram and e-mail channels, alert rules and maintenance windows</source>
        <translation>Kanal Telegram dan email, aturan peringatan, dan jadwal pemeliharaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="160"/>
        <source>Availability report…</source>
        <translation>Laporan ketersediaan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="161"/>
        <source>Availability per office, link and kecamatan, outages, costs, SLA credits and the contract calendar, as a PDF and a workbook</source>
        <translation>Ketersediaan per kantor, jalur dan kecamatan, gangguan, biaya, kompensasi SLA dan kalender kontrak, sebagai PDF dan buku kerja</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="163"/>
        <location filename="../../src/pantau/ui/window_actions.py" line="228"/>
        <source>About Pantau</source>
        <translation>Tentang Pantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="163"/>
        <source>Version, licences and map data sources</source>
        <translation>Versi, lisensi dan sumber data peta</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="164"/>
        <source>Colour lines by use</source>
        <translation>Warnai link menurut pemakaian</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="165"/>
        <source>Colour the measured lines on the map by their busiest interval of the last hour against the contract (SNMP); other lines keep their state</source>
        <translation>Warnai link yang diukur di peta menurut interval tersibuk dalam satu jam terakhir terhadap kontrak (SNMP); link lain tetap menurut keadaannya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="167"/>
        <source>Keep running in the tray</source>
        <translation>Tetap berjalan di baki sistem</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="168"/>
        <source>Closing the window keeps monitoring, with an icon in the tray</source>
        <translation>Menutup jendela tidak menghentikan pemantauan; ikonnya tetap di baki sistem</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="169"/>
        <source>System ({language})</source>
        <translation>Sistem ({language})</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="171"/>
        <source>Follow the language of this computer</source>
        <translation>Ikuti bahasa komputer ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="174"/>
        <source>Toolbar</source>
        <translation>Bilah alat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="175"/>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="176"/>
        <source>&amp;Monitoring</source>
        <translation>&amp;Pemantauan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="177"/>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="178"/>
        <source>&amp;Language</source>
        <translation>B&amp;ahasa</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="179"/>
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="195"/>
        <source>Resume monitoring</source>
        <translation>Lanjutkan pemantauan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="195"/>
        <source>Probe every office again</source>
        <translation>Pantau kembali semua kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="197"/>
        <source>Pause monitoring</source>
        <translation>Jeda pemantauan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="198"/>
        <source>Stop probing for now (every office shows Unknown); history is kept</source>
        <translation>Hentikan pemeriksaan untuk sementara (semua kantor berstatus Tidak diketahui); riwayat tetap disimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="220"/>
        <source>Map boundaries: cahyadsn/wilayah_boundaries (MIT).</source>
        <translation>Batas wilayah peta: cahyadsn/wilayah_boundaries (MIT).</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="222"/>
        <source>&lt;h3&gt;Pantau {version}&lt;/h3&gt;&lt;p&gt;Watches over the network links of a local government&apos;s offices: live states, diagnosis, contracts and alerts.&lt;/p&gt;&lt;p&gt;Licence: MIT. Built with Qt for Python (PySide6, LGPLv3), pyqtgraph (MIT), ping3 (MIT), keyring (MIT), dnspython (ISC) and platformdirs (MIT).&lt;/p&gt;&lt;p&gt;Map data: {attribution}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Pantau {version}&lt;/h3&gt;&lt;p&gt;Memantau jaringan kantor-kantor pemerintah daerah: status langsung, diagnosis, kontrak dan peringatan.&lt;/p&gt;&lt;p&gt;Lisensi: MIT. Dibangun dengan Qt for Python (PySide6, LGPLv3), pyqtgraph (MIT), ping3 (MIT), keyring (MIT), dnspython (ISC) dan platformdirs (MIT).&lt;/p&gt;&lt;p&gt;Data peta: {attribution}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_actions.py" line="231"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>WindowStatusBar</name>
    <message>
        <location filename="../../src/pantau/ui/window_status.py" line="71"/>
        <source>ICMP unavailable</source>
        <translation>ICMP tidak tersedia</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_status.py" line="73"/>
        <source>This computer may not send ICMP echo requests</source>
        <translation>Komputer ini tidak diizinkan mengirim ICMP echo request</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_status.py" line="76"/>
        <source>ICMP checks cannot run: {hint}</source>
        <translation>Pemeriksaan ICMP tidak dapat dijalankan: {hint}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_status.py" line="78"/>
        <source>ICMP: {mode}</source>
        <translation>ICMP: {mode}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_status.py" line="80"/>
        <source>How this computer sends ICMP echo requests (raw or datagram sockets)</source>
        <translation>Cara komputer ini mengirim ICMP echo request (socket raw atau datagram)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/window_status.py" line="85"/>
        <source>%n site(s) without coordinates are not on the map</source>
        <translation>
            <numerusform>%n kantor tanpa koordinat tidak tampil di peta</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_status.py" line="92"/>
        <source>Map layers missing: {problems}</source>
        <translation>Lapisan peta tidak ada: {problems}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_status.py" line="100"/>
        <source>1 alert waiting to be sent</source>
        <translation>1 peringatan menunggu dikirim</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/window_status.py" line="102"/>
        <source>%n alerts waiting to be sent</source>
        <translation>
            <numerusform>%n peringatan menunggu dikirim</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_status.py" line="103"/>
        <source>The line out is down or a channel fails: queued alerts are sent, in order and marked as delayed, when it is back (see View ▸ Alerts)</source>
        <translation>Link keluar putus atau sebuah kanal gagal: peringatan dalam antrean dikirim berurutan dan ditandai tertunda setelah pulih (lihat Tampilan ▸ Peringatan)</translation>
    </message>
</context>
<context>
    <name>WindowTray</name>
    <message>
        <location filename="../../src/pantau/ui/window_tray.py" line="46"/>
        <source>Pantau stopped monitoring</source>
        <translation>Pantau berhenti memantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_tray.py" line="72"/>
        <source>Contracts: 1 office lapsed or at risk</source>
        <translation>Kontrak: 1 kantor habis atau berisiko</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/window_tray.py" line="74"/>
        <source>Contracts: %n offices lapsed or at risk</source>
        <translation>
            <numerusform>Kontrak: %n kantor habis atau berisiko</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_tray.py" line="81"/>
        <source>Pantau is still monitoring</source>
        <translation>Pantau masih memantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/window_tray.py" line="82"/>
        <source>Closing the window keeps Pantau in the tray. Choose Quit to stop.</source>
        <translation>Menutup jendela tidak menghentikan Pantau; Pantau tetap berjalan di baki sistem. Pilih Keluar untuk berhenti.</translation>
    </message>
</context>
<context>
    <name>WorkspaceBanner</name>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="85"/>
        <source>Read-only workspace: it is on media that cannot be written, so this window shows what it holds and neither probes nor saves anything.</source>
        <translation>Ruang kerja hanya-baca: berada di media yang tidak dapat ditulisi, jadi jendela ini menampilkan isinya tanpa memantau maupun menyimpan apa pun.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="88"/>
        <source>Watching: the monitor that was probing this workspace has stopped. Every office shows Unknown until monitoring resumes here or there.</source>
        <translation>Mengamati: pemantau yang memantau ruang kerja ini telah berhenti. Setiap kantor berstatus Tidak diketahui sampai pemantauan berjalan lagi, di sini atau di sana.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="90"/>
        <source>Watching: {command} (pid {pid} on {host}) is probing this workspace. This window shows what it records and does not probe or send alerts itself.</source>
        <translation>Mengamati: {command} (pid {pid} di {host}) sedang memantau ruang kerja ini. Jendela ini menampilkan apa yang dicatatnya dan tidak memantau atau mengirim peringatan sendiri.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="138"/>
        <source>nothing was lost.</source>
        <translation>tidak ada yang hilang.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="141"/>
        <source> (from {start} to {end})</source>
        <translation> (dari {start} sampai {end})</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="144"/>
        <source>{samples} samples{span} and {changes} state changes were lost.</source>
        <translation>{samples} sampel{span} dan {changes} perubahan status hilang.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="149"/>
        <source>the disk is full</source>
        <translation>disk penuh</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="150"/>
        <source>the disk reports an input/output error</source>
        <translation>disk melaporkan galat input/output</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="151"/>
        <source>the workspace is read-only</source>
        <translation>ruang kerja hanya-baca</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="152"/>
        <source>the workspace file is damaged</source>
        <translation>berkas ruang kerja rusak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="153"/>
        <source>the workspace file cannot be opened</source>
        <translation>berkas ruang kerja tidak dapat dibuka</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="155"/>
        <source>another program holds the workspace&apos;s write lock</source>
        <translation>program lain memegang kunci tulis ruang kerja</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="164"/>
        <source>Cannot save to the workspace: {reason} ({detail}). Monitoring and alerts go on; the newest samples and every state change are kept in memory, and saving is retried every few seconds.</source>
        <translation>Tidak dapat menyimpan ke ruang kerja: {reason} ({detail}). Pemantauan dan peringatan tetap berjalan; sampel terbaru dan setiap perubahan status disimpan di memori, dan penyimpanan dicoba lagi setiap beberapa detik.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="168"/>
        <source>Memory is full: {losses}</source>
        <translation>Memori penuh: {losses}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="171"/>
        <source>Saving to the workspace works again; {losses}</source>
        <translation>Penyimpanan ke ruang kerja berfungsi lagi; {losses}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="186"/>
        <source>Monitor here</source>
        <translation>Pantau di sini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="187"/>
        <source>Probe the network from this window and send its alerts</source>
        <translation>Pantau jaringan dari jendela ini dan kirim peringatannya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/workspace_banner.py" line="188"/>
        <source>Dismiss</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>WorkspaceWatch</name>
    <message>
        <location filename="../../src/pantau/ui/watch.py" line="101"/>
        <source>Could not read the workspace: {error}</source>
        <translation>Ruang kerja tidak dapat dibaca: {error}</translation>
    </message>
</context>
</TS>
