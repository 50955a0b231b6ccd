<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID" sourcelanguage="en">
<context>
    <name>ContractsPanel</name>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="376"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="400"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="376"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="400"/>
        <source>Number</source>
        <translation>Nomor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="376"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="400"/>
        <source>Service</source>
        <translation>Layanan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="376"/>
        <source>Links</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="376"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="400"/>
        <source>Bandwidth</source>
        <translation>Bandwidth</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="377"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="401"/>
        <source>Start</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="377"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="401"/>
        <source>End</source>
        <translation>Berakhir</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="377"/>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="377"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="384"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="377"/>
        <source>Days left</source>
        <translation>Sisa hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="378"/>
        <source>Warnings</source>
        <translation>Peringatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="379"/>
        <source>Details</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="379"/>
        <source>Payments</source>
        <translation>Pembayaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="379"/>
        <source>Budget requests</source>
        <translation>Usulan anggaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="380"/>
        <source>Correspondence</source>
        <translation>Surat-menyurat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="382"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="389"/>
        <source>Paid on</source>
        <translation>Tanggal bayar</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="382"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="384"/>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="382"/>
        <source>Period</source>
        <translation>Masa</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="383"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="387"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="391"/>
        <source>Reference</source>
        <translation>Referensi</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="384"/>
        <source>Year</source>
        <translation>Tahun</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="385"/>
        <source>Decided</source>
        <translation>Diputuskan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="385"/>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="386"/>
        <source>Sent on</source>
        <translation>Tanggal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="386"/>
        <source>To</source>
        <translation>Kepada</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="386"/>
        <source>Subject</source>
        <translation>Perihal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="388"/>
        <source>Link:</source>
        <translation>Link:</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="389"/>
        <source>Amount (Rp)</source>
        <translation>Jumlah (Rp)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="390"/>
        <source>Period from</source>
        <translation>Masa dari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="390"/>
        <source>Period to</source>
        <translation>Masa sampai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="393"/>
        <source>Record payment</source>
        <translation>Catat pembayaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="394"/>
        <source>Bars: contracts · red: days with no contract · dashed line: today · shading: budget years</source>
        <translation>Batang: kontrak · merah: hari tanpa kontrak · garis putus-putus: hari ini · arsiran: tahun anggaran</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="396"/>
        <source>monthly</source>
        <translation>bulanan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="396"/>
        <source>quarterly</source>
        <translation>triwulanan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="397"/>
        <source>yearly</source>
        <translation>tahunan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="400"/>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="401"/>
        <source>Value (Rp)</source>
        <translation>Nilai (Rp)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="401"/>
        <source>Billing</source>
        <translation>Penagihan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="401"/>
        <source>SLA %</source>
        <translation>SLA %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="402"/>
        <source>Links covered</source>
        <translation>Link yang dicakup</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="402"/>
        <source>Notes</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="405"/>
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="406"/>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="407"/>
        <source>End today</source>
        <translation>Akhiri hari ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="408"/>
        <source>Undo</source>
        <translation>Batalkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="409"/>
        <source>PDF report…</source>
        <translation>Laporan PDF…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/contracts_panel.py" line="463"/>
        <source>%n contract(s)</source>
        <translation>
            <numerusform>%n kontrak</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="506"/>
        <source>upcoming</source>
        <translation>belum mulai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="506"/>
        <source>active</source>
        <translation>berjalan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="507"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="510"/>
        <source>expiring</source>
        <translation>segera habis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="507"/>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="510"/>
        <source>expired</source>
        <translation>habis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="511"/>
        <source>no approved budget</source>
        <translation>anggaran belum disetujui</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="512"/>
        <source>payment overdue</source>
        <translation>pembayaran terlambat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="513"/>
        <source>coverage gap</source>
        <translation>tanpa kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="585"/>
        <source>Monthly cost: {amount}</source>
        <translation>Biaya per bulan: {amount}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="587"/>
        <source>per Mbps per month: {amount}</source>
        <translation>per Mbps per bulan: {amount}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="591"/>
        <source>{year} covered by paid contract: {percent} %</source>
        <translation>{year} tercakup kontrak yang dibayar: {percent} %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="608"/>
        <source>overdue</source>
        <translation>terlambat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="609"/>
        <source>not paid</source>
        <translation>belum dibayar</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="611"/>
        <source>proposed</source>
        <translation>diusulkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="611"/>
        <source>approved</source>
        <translation>disetujui</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="611"/>
        <source>cut</source>
        <translation>dicoret</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="640"/>
        <source>Measuring the service from the outage log…</source>
        <translation>Mengukur layanan dari catatan gangguan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="669"/>
        <source>No monitoring history within this contract&apos;s period.</source>
        <translation>Tidak ada riwayat pemantauan dalam masa kontrak ini.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="672"/>
        <source>Measured availability (worst link): {percent} %</source>
        <translation>Ketersediaan terukur (link terburuk): {percent} %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="674"/>
        <source>meets the SLA</source>
        <translation>memenuhi SLA</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="674"/>
        <source>below the SLA</source>
        <translation>di bawah SLA</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="675"/>
        <source>SLA {percent} %: {verdict}</source>
        <translation>SLA {percent} %: {verdict}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="676"/>
        <source>downtime {hours} h</source>
        <translation>putus {hours} jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="678"/>
        <source>credit estimate {amount}</source>
        <translation>perkiraan kompensasi {amount}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="682"/>
        <source>Could not read the outage log: {error}</source>
        <translation>Catatan gangguan tidak dapat dibaca: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="691"/>
        <source>Save the contract report</source>
        <translation>Simpan laporan kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="691"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="704"/>
        <source>Contract report</source>
        <translation>Laporan kontrak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="709"/>
        <source>Writing the report…</source>
        <translation>Menulis laporan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="714"/>
        <source>Report saved to {path}</source>
        <translation>Laporan disimpan di {path}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="718"/>
        <source>Could not write the report: {error}</source>
        <translation>Laporan tidak dapat ditulis: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="733"/>
        <source>Give the contract an id.</source>
        <translation>Beri kontrak sebuah id.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="735"/>
        <source>Another contract already has this id.</source>
        <translation>Id ini sudah dipakai kontrak lain.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="737"/>
        <source>Name the provider.</source>
        <translation>Isi nama provider.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="739"/>
        <source>The end date must be after the start date.</source>
        <translation>Tanggal berakhir harus sesudah tanggal mulai.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="741"/>
        <source>The bandwidth must be more than zero.</source>
        <translation>Bandwidth harus lebih dari nol.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="744"/>
        <source>The value must be a positive amount in rupiah, e.g. 1.800.000.000.</source>
        <translation>Nilai harus jumlah rupiah yang positif, mis. 1.800.000.000.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="747"/>
        <source>The SLA must be a percentage from 0 to 100, e.g. 99.5, or empty.</source>
        <translation>SLA harus persentase 0 sampai 100, mis. 99.5, atau kosong.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="761"/>
        <source>The amount must be a positive amount in rupiah, e.g. 760.000.000.</source>
        <translation>Jumlah harus rupiah yang positif, mis. 760.000.000.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="763"/>
        <source>The period must not end before it starts.</source>
        <translation>Masa tidak boleh berakhir sebelum mulai.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="774"/>
        <source>Record a payment on {id}</source>
        <translation>Catat pembayaran pada {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="797"/>
        <source>Edit contract {id}</source>
        <translation>Ubah kontrak {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="797"/>
        <source>Add contract {id}</source>
        <translation>Tambah kontrak {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="837"/>
        <source>Only a running contract can be ended early.</source>
        <translation>Hanya kontrak yang sedang berjalan yang dapat diakhiri lebih awal.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="843"/>
        <source>End contract {id}</source>
        <translation>Akhiri kontrak {id}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="865"/>
        <source>Saving…</source>
        <translation>Menyimpan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="869"/>
        <source>Saved.</source>
        <translation>Tersimpan.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/contracts_panel.py" line="873"/>
        <source>Could not save: {error}</source>
        <translation>Tidak dapat menyimpan: {error}</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPanel</name>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="400"/>
        <source>Copy report</source>
        <translation>Salin laporan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="401"/>
        <source>Copy the report as text, ready to paste into a chat message</source>
        <translation>Salin laporan sebagai teks, siap ditempel ke pesan chat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="402"/>
        <source>Copy</source>
        <translation>Salin</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="403"/>
        <source>Copy the selected saved report</source>
        <translation>Salin laporan tersimpan yang dipilih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="404"/>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="405"/>
        <source>Saved reports</source>
        <translation>Laporan tersimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="406"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="406"/>
        <source>Layer</source>
        <translation>Lapisan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="406"/>
        <source>Target</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="406"/>
        <source>Check</source>
        <translation>Pemeriksaan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="407"/>
        <source>Result</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="411"/>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="411"/>
        <source>Scope</source>
        <translation>Cakupan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="411"/>
        <source>Verdict</source>
        <translation>Kesimpulan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="412"/>
        <source>Select a saved report to read it.</source>
        <translation>Pilih laporan tersimpan untuk membacanya.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="441"/>
        <source>Unknown diagnosis “{scope}”: choose server, isp, site or all.</source>
        <translation>Diagnosis “{scope}” tidak dikenal: pilih server, isp, site, atau all.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="445"/>
        <source>Select an office first, then diagnose it.</source>
        <translation>Pilih kantor terlebih dahulu, lalu diagnosa.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="448"/>
        <source>The office “{site}” is not in this network.</source>
        <translation>Kantor “{site}” tidak ada di jaringan ini.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="453"/>
        <source>The diagnosis cannot start: {reason}</source>
        <translation>Diagnosis tidak dapat dimulai: {reason}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="456"/>
        <source>Nothing to check for {what}: the network has no targets with the roles this diagnosis needs (LAN gateway, server, ISP gateway, upstream).</source>
        <translation>Tidak ada yang dapat diperiksa untuk {what}: jaringan ini tidak memiliki target dengan peran yang diperlukan diagnosis ini (gateway LAN, server, gateway ISP, upstream).</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="491"/>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="501"/>
        <source>This computer</source>
        <translation>Komputer ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="491"/>
        <source>LAN</source>
        <translation>LAN</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="491"/>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="840"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="492"/>
        <source>Office</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="492"/>
        <source>ISP gateway</source>
        <translation>Gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="492"/>
        <source>Upstream</source>
        <translation>Upstream</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="493"/>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="493"/>
        <source>Path</source>
        <translation>Jalur</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="503"/>
        <source>toward a silent target</source>
        <translation>menuju target yang tidak menjawab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="508"/>
        <source>checking…</source>
        <translation>memeriksa…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="523"/>
        <source>took {ms} ms</source>
        <translation>butuh {ms} ms</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="529"/>
        <source>not run: this computer has no usable route</source>
        <translation>tidak dijalankan: komputer ini tidak memiliki rute yang bisa dipakai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="531"/>
        <source>not needed: no target was silent</source>
        <translation>tidak diperlukan: semua target menjawab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="532"/>
        <source>not run</source>
        <translation>tidak dijalankan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="536"/>
        <source>a route exists</source>
        <translation>rute tersedia</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="536"/>
        <source>no usable route</source>
        <translation>tidak ada rute yang bisa dipakai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="540"/>
        <source>reached {address}</source>
        <translation>sampai ke {address}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="541"/>
        <source>last hop that answers: {hop}</source>
        <translation>hop terakhir yang menjawab: {hop}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="541"/>
        <source>no hop answers</source>
        <translation>tidak ada hop yang menjawab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="544"/>
        <source>answers</source>
        <translation>menjawab</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="548"/>
        <source>{rtt} ms</source>
        <translation>{rtt} ms</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="550"/>
        <source>{loss}% loss</source>
        <translation>loss {loss}%</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="554"/>
        <source>redirected to {host}</source>
        <translation>dialihkan ke {host}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="556"/>
        <source>no answer (timeout)</source>
        <translation>tidak menjawab (timeout)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="556"/>
        <source>unreachable</source>
        <translation>tidak terjangkau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="557"/>
        <source>connection refused</source>
        <translation>koneksi ditolak</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="557"/>
        <source>name lookup failed</source>
        <translation>pencarian nama gagal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="558"/>
        <source>could not run: no ICMP privilege</source>
        <translation>tidak dapat dijalankan: tanpa izin ICMP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="559"/>
        <source>bad response</source>
        <translation>jawaban tidak sesuai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="559"/>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="613"/>
        <source>The diagnosis stopped with an error: {error}</source>
        <translation>Diagnosis berhenti karena galat: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="632"/>
        <source>the office {name}</source>
        <translation>kantor {name}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="633"/>
        <source>the server</source>
        <translation>server</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="633"/>
        <source>the ISP gateway</source>
        <translation>gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="634"/>
        <source>the whole network</source>
        <translation>seluruh jaringan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="640"/>
        <source>The line to an office is down</source>
        <translation>Link ke sebuah kantor putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="642"/>
        <source>All clear</source>
        <translation>Semua normal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="643"/>
        <source>This computer has no usable network</source>
        <translation>Komputer ini tidak memiliki jaringan yang bisa dipakai</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="644"/>
        <source>The LAN gateway is down</source>
        <translation>Gateway LAN mati</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="645"/>
        <source>The central server is down</source>
        <translation>Server pusat mati</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="646"/>
        <source>A server service is down</source>
        <translation>Layanan di server mati</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="647"/>
        <source>The line to the ISP is down</source>
        <translation>Link ke ISP putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="648"/>
        <source>No internet beyond the ISP gateway</source>
        <translation>Tidak ada internet di luar gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="649"/>
        <source>Name lookups (DNS) fail</source>
        <translation>Pencarian nama (DNS) gagal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="650"/>
        <source>Reachable, but slow or lossy</source>
        <translation>Terjangkau, tetapi lambat atau ada loss</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="672"/>
        <source>Next steps:</source>
        <translation>Langkah berikutnya:</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="676"/>
        <source>%n check(s) in {seconds} s · finished {time}</source>
        <translation>
            <numerusform>%n pemeriksaan dalam {seconds} detik · selesai {time}</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="699"/>
        <source>No workspace is open, so reports cannot be saved</source>
        <translation>Tidak ada ruang kerja yang terbuka, jadi laporan tidak dapat disimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="701"/>
        <source>This report is saved</source>
        <translation>Laporan ini sudah disimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="703"/>
        <source>Keep this report in the workspace, as evidence for the outage log</source>
        <translation>Simpan laporan ini di ruang kerja sebagai bukti untuk catatan gangguan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="713"/>
        <source>Diagnosing {what}… {done} of {total} checks done · {seconds} s</source>
        <translation>Mendiagnosa {what}… {done} dari {total} pemeriksaan selesai · {seconds} detik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="717"/>
        <source>Diagnosis of {what}</source>
        <translation>Diagnosis {what}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="720"/>
        <source>No diagnosis yet: use Diagnose server, Diagnose ISP gateway or Diagnose selected office.</source>
        <translation>Belum ada diagnosis: gunakan Diagnosa server, Diagnosa gateway ISP, atau Diagnosa kantor terpilih.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="743"/>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="750"/>
        <source>Copied</source>
        <translation>Tersalin</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="774"/>
        <source>Saved</source>
        <translation>Tersimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="780"/>
        <source>The report could not be saved: {error}</source>
        <translation>Laporan tidak dapat disimpan: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="798"/>
        <source>The saved reports could not be read: {error}</source>
        <translation>Laporan tersimpan tidak dapat dibaca: {error}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="840"/>
        <source>ISP</source>
        <translation>ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/diagnostics_panel.py" line="840"/>
        <source>Whole network</source>
        <translation>Seluruh jaringan</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="258"/>
        <source>%n up</source>
        <translation>
            <numerusform>%n normal</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="259"/>
        <source>%n degraded</source>
        <translation>
            <numerusform>%n menurun</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="260"/>
        <source>%n down</source>
        <translation>
            <numerusform>%n putus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="261"/>
        <source>%n unreachable</source>
        <translation>
            <numerusform>%n tak terjangkau</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="262"/>
        <source>%n unknown</source>
        <translation>
            <numerusform>%n tidak diketahui</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="265"/>
        <source>No sites</source>
        <translation>Tidak ada kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="287"/>
        <source>Offices</source>
        <translation>Kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="289"/>
        <source>Diagnosis</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="293"/>
        <source>This is the bundled SAMPLE network (loopback addresses only). Load your own network with File ▸ Open network file, or: pantau import FILE</source>
        <translation>Ini jaringan CONTOH bawaan (hanya alamat loopback). Muat jaringan Anda sendiri lewat Berkas ▸ Buka berkas jaringan, atau: pantau import FILE</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="295"/>
        <source>Dismiss</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="296"/>
        <source>Hide this notice</source>
        <translation>Sembunyikan pemberitahuan ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="372"/>
        <source>Monitoring paused</source>
        <translation>Pemantauan dijeda</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="372"/>
        <source>Monitoring resumed</source>
        <translation>Pemantauan dilanjutkan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="423"/>
        <source>A diagnosis is already running</source>
        <translation>Diagnosis sedang berjalan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="432"/>
        <source>Open network file</source>
        <translation>Buka berkas jaringan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="433"/>
        <source>Network files (*.toml);;All files (*)</source>
        <translation>Berkas jaringan (*.toml);;Semua berkas (*)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="445"/>
        <source>Reading {file} …</source>
        <translation>Membaca {file} …</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="465"/>
        <source>Loaded {file}: {count} sites</source>
        <translation>{file} dimuat: {count} kantor</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="477"/>
        <source>{file} was not imported: %n problem(s). Nothing was changed.</source>
        <translation>
            <numerusform>{file} tidak diimpor: %n masalah. Tidak ada yang diubah.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="479"/>
        <source>Network file not imported</source>
        <translation>Berkas jaringan tidak diimpor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="529"/>
        <source>Pantau is still monitoring</source>
        <translation>Pantau masih memantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="530"/>
        <source>Closing the window keeps Pantau in the tray. Choose Quit to stop.</source>
        <translation>Menutup jendela tidak menghentikan Pantau; Pantau tetap berjalan di baki sistem. Pilih Keluar untuk berhenti.</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="548"/>
        <source>Pantau — {name}</source>
        <translation>Pantau — {name}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="669"/>
        <source>Diagnose server</source>
        <translation>Diagnosa server</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="670"/>
        <source>Check the path from this computer to the central server</source>
        <translation>Periksa jalur dari komputer ini ke server pusat</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="671"/>
        <source>Diagnose ISP gateway</source>
        <translation>Diagnosa gateway ISP</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="672"/>
        <source>Check the internet link: ISP gateway, upstream, DNS</source>
        <translation>Periksa link internet: gateway ISP, upstream, DNS</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="673"/>
        <source>Diagnose selected office</source>
        <translation>Diagnosa kantor terpilih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="674"/>
        <source>Check the path to the office selected on the map or in the table</source>
        <translation>Periksa jalur ke kantor yang dipilih di peta atau di tabel</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="675"/>
        <source>Open network file…</source>
        <translation>Buka berkas jaringan…</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="676"/>
        <source>Replace the network with a network file (.toml)</source>
        <translation>Ganti jaringan dengan isi berkas jaringan (.toml)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="677"/>
        <source>Fit map</source>
        <translation>Paskan peta</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="677"/>
        <source>Show the whole regency on the map</source>
        <translation>Tampilkan seluruh kabupaten di peta</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="678"/>
        <source>Find office</source>
        <translation>Cari kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="678"/>
        <source>Filter the office table by name or kecamatan</source>
        <translation>Saring tabel kantor menurut nama atau kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="679"/>
        <source>Quit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="679"/>
        <source>Stop monitoring and close Pantau</source>
        <translation>Hentikan pemantauan dan tutup Pantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="680"/>
        <source>Keep running in the tray</source>
        <translation>Tetap berjalan di baki sistem</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="681"/>
        <source>Closing the window keeps monitoring, with an icon in the tray</source>
        <translation>Menutup jendela tidak menghentikan pemantauan; ikonnya tetap di baki sistem</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="682"/>
        <source>System ({language})</source>
        <translation>Sistem ({language})</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="684"/>
        <source>Follow the language of this computer</source>
        <translation>Ikuti bahasa komputer ini</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="687"/>
        <source>Main</source>
        <translation>Bilah alat utama</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="688"/>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="689"/>
        <source>&amp;Monitoring</source>
        <translation>&amp;Pemantauan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="690"/>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="691"/>
        <source>&amp;Language</source>
        <translation>B&amp;ahasa</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="707"/>
        <source>Not monitoring</source>
        <translation>Tidak memantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="731"/>
        <source>ICMP unavailable</source>
        <translation>ICMP tidak tersedia</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="733"/>
        <source>This computer may not send ICMP echo requests</source>
        <translation>Komputer ini tidak diizinkan mengirim ICMP echo request</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="735"/>
        <source>ICMP checks cannot run: {hint}</source>
        <translation>Pemeriksaan ICMP tidak dapat dijalankan: {hint}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="737"/>
        <source>ICMP: {mode}</source>
        <translation>ICMP: {mode}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="739"/>
        <source>How this computer sends ICMP echo requests (raw or datagram sockets)</source>
        <translation>Cara komputer ini mengirim ICMP echo request (socket raw atau datagram)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/main_window.py" line="746"/>
        <source>%n site(s) without coordinates are not on the map</source>
        <translation>
            <numerusform>%n kantor tanpa koordinat tidak tampil di peta</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="754"/>
        <source>Map layers missing: {problems}</source>
        <translation>Lapisan peta tidak ada: {problems}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="767"/>
        <source>Resume monitoring</source>
        <translation>Lanjutkan pemantauan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="767"/>
        <source>Probe every office again</source>
        <translation>Pantau kembali semua kantor</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="769"/>
        <source>Pause monitoring</source>
        <translation>Jeda pemantauan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="770"/>
        <source>Stop probing for now (every office shows Unknown); history is kept</source>
        <translation>Hentikan pemeriksaan untuk sementara (semua kantor berstatus Tidak diketahui); riwayat tetap disimpan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="805"/>
        <source>Updated {time}</source>
        <translation>Diperbarui {time}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="837"/>
        <source>Could not read the history: {error}</source>
        <translation>Riwayat tidak dapat dibaca: {error}</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="615"/>
        <source>Kecamatan {name}</source>
        <translation>Kecamatan {name}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="619"/>
        <source>State: {state} since {time}</source>
        <translation>Status: {state} sejak {time}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="622"/>
        <source>State: {state}</source>
        <translation>Status: {state}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="626"/>
        <source>RTT {rtt} · loss {loss}</source>
        <translation>RTT {rtt} · loss {loss}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="629"/>
        <source>Link: {provider} · {medium}</source>
        <translation>Link: {provider} · {medium}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="898"/>
        <source>{provider} · {medium} · {kbps} kbps</source>
        <translation>{provider} · {medium} · {kbps} kbps</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/map_view.py" line="1045"/>
        <source>%n sites</source>
        <translation>
            <numerusform>%n kantor</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="1050"/>
        <source>… and {count} more</source>
        <translation>… dan {count} lainnya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="1171"/>
        <source>{n} km</source>
        <translation>{n} km</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/map_view.py" line="1172"/>
        <source>{n} m</source>
        <translation>{n} m</translation>
    </message>
</context>
<context>
    <name>ProblemsDialog</name>
    <message>
        <location filename="../../src/pantau/ui/main_window.py" line="123"/>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
</context>
<context>
    <name>Selftest</name>
    <message>
        <location filename="../../src/pantau/ui/app.py" line="120"/>
        <source>no fonts found: every text would be drawn as empty boxes</source>
        <translation>tidak ada font: semua teks akan tergambar sebagai kotak kosong</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/app.py" line="126"/>
        <source>the map has nothing to draw</source>
        <translation>tidak ada yang dapat digambar di peta</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/app.py" line="129"/>
        <source>the office table has {rows} rows for {sites} sites</source>
        <translation>tabel kantor berisi {rows} baris untuk {sites} kantor</translation>
    </message>
</context>
<context>
    <name>SiteGraphs</name>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="219"/>
        <source>Latency (ms)</source>
        <translation>Latensi (ms)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="220"/>
        <source>Loss (%)</source>
        <translation>Loss (%)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="251"/>
        <source>Live 15 min</source>
        <translation>Langsung 15 menit</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="251"/>
        <source>1 h</source>
        <translation>1 jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="251"/>
        <source>24 h</source>
        <translation>24 jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="252"/>
        <source>7 d</source>
        <translation>7 hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="252"/>
        <source>30 d</source>
        <translation>30 hari</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="359"/>
        <source>Could not read the history: {0}</source>
        <translation>Riwayat tidak dapat dibaca: {0}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="394"/>
        <source>Uptime of {0}: {1}</source>
        <translation>Uptime {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="411"/>
        <source>Down {0} min: {1}</source>
        <translation>Putus {0} menit: {1}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/graphs.py" line="440"/>
        <source>{0}: {1}, loss {2}</source>
        <translation>{0}: {1}, loss {2}</translation>
    </message>
</context>
<context>
    <name>SiteTable</name>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="88"/>
        <source>fiber</source>
        <translation>fiber optik</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="89"/>
        <source>wireless</source>
        <translation>nirkabel</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="90"/>
        <source>VSAT</source>
        <translation>VSAT</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="91"/>
        <source>Metro-E</source>
        <translation>Metro-E</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="92"/>
        <source>ADSL</source>
        <translation>ADSL</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="93"/>
        <source>4G</source>
        <translation>4G</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="467"/>
        <source>Filter by name or kecamatan</source>
        <translation>Saring menurut nama atau kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="468"/>
        <source>Show only the offices in one state</source>
        <translation>Tampilkan hanya kantor dengan status tertentu</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="471"/>
        <source>All states</source>
        <translation>Semua status</translation>
    </message>
</context>
<context>
    <name>SiteTableModel</name>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="209"/>
        <source>primary</source>
        <translation>utama</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="209"/>
        <source>backup</source>
        <translation>cadangan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="211"/>
        <source>{provider}, {medium}, {kbps} kbps ({role}); circuit {circuit}</source>
        <translation>{provider}, {medium}, {kbps} kbps ({role}); circuit ID {circuit}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="257"/>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="258"/>
        <source>Kecamatan</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="259"/>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="260"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="261"/>
        <source>RTT ms</source>
        <translation>RTT ms</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="262"/>
        <source>Loss %</source>
        <translation>Loss %</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="263"/>
        <source>Uptime 24 h</source>
        <translation>Uptime 24 jam</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="264"/>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="265"/>
        <source>Contract days</source>
        <translation>Kontrak (hari)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/site_table.py" line="307"/>
        <source>Contract {contract} ended %n day(s) ago</source>
        <translation>
            <numerusform>Kontrak {contract} berakhir %n hari yang lalu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../src/pantau/ui/site_table.py" line="309"/>
        <source>Contract {contract}: %n day(s) left</source>
        <translation>
            <numerusform>Kontrak {contract}: sisa %n hari</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="312"/>
        <source>Share of the last 24 hours the office answered (time without data not counted)</source>
        <translation>Persentase waktu kantor menjawab dalam 24 jam terakhir (waktu tanpa data tidak dihitung)</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/site_table.py" line="338"/>
        <location filename="../../src/pantau/ui/site_table.py" line="502"/>
        <source>expired</source>
        <translation>habis</translation>
    </message>
</context>
<context>
    <name>StateStyle</name>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="83"/>
        <source>Up</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="85"/>
        <source>Degraded</source>
        <translation>Menurun</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="87"/>
        <source>Down</source>
        <translation>Putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="89"/>
        <source>Unreachable</source>
        <translation>Tak terjangkau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="91"/>
        <source>Unknown</source>
        <translation>Tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="99"/>
        <source>Data centre</source>
        <translation>Pusat data</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="100"/>
        <source>Agency (SKPD)</source>
        <translation>Perangkat daerah</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="101"/>
        <source>District (kecamatan)</source>
        <translation>Kecamatan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="102"/>
        <source>Kelurahan</source>
        <translation>Kelurahan</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="103"/>
        <source>Village (desa)</source>
        <translation>Desa</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/state_style.py" line="104"/>
        <source>ISP POP</source>
        <translation>POP ISP</translation>
    </message>
</context>
<context>
    <name>StateTray</name>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="33"/>
        <source>{names} and {count} more</source>
        <translation>{names} dan {count} lainnya</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="47"/>
        <source>1 office down</source>
        <translation>1 kantor putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="49"/>
        <source>%n offices down</source>
        <translation>%n kantor putus</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="51"/>
        <source>1 office recovered</source>
        <translation>1 kantor pulih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="53"/>
        <source>%n offices recovered</source>
        <translation>%n kantor pulih</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="55"/>
        <source>Down: {names}</source>
        <translation>Putus: {names}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="56"/>
        <source>Recovered: {names}</source>
        <translation>Pulih: {names}</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="99"/>
        <source>Show Pantau</source>
        <translation>Tampilkan Pantau</translation>
    </message>
    <message>
        <location filename="../../src/pantau/ui/tray.py" line="100"/>
        <source>Quit Pantau</source>
        <translation>Keluar dari Pantau</translation>
    </message>
</context>
</TS>
