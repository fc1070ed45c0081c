<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fil">
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="234"/>
        <source>Wikang Filipino</source>
        <translation>Wikang Filipino</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="234"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="235"/>
        <location filename="../../app/ui/kiosk_window.py" line="286"/>
        <source>Staff</source>
        <translation>Kawani</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="240"/>
        <location filename="../../app/ui/kiosk_window.py" line="294"/>
        <source>Return an item</source>
        <translation>Magbalik ng item</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="241"/>
        <location filename="../../app/ui/kiosk_window.py" line="302"/>
        <source>Track a parcel</source>
        <translation>I-track ang parsela</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="243"/>
        <source>One moment, asking the central system…</source>
        <translation>Sandali lang, nagtatanong sa central system…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="245"/>
        <source>I am still here</source>
        <translation>Nandito pa ako</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="246"/>
        <source>Staff only: your staff id and PIN to leave the kiosk.</source>
        <translation>Para sa kawani lamang: ang iyong staff id at PIN para umalis sa kiosk.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="247"/>
        <location filename="../../app/ui/kiosk_window.py" line="249"/>
        <source>Staff id</source>
        <translation>Staff id</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="248"/>
        <location filename="../../app/ui/kiosk_window.py" line="250"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="251"/>
        <source>Leave the kiosk</source>
        <translation>Umalis sa kiosk</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="253"/>
        <location filename="../../app/ui/kiosk_window.py" line="307"/>
        <source>Back to start</source>
        <translation>Bumalik sa simula</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="260"/>
        <location filename="../../app/ui/kiosk_window.py" line="508"/>
        <source>Wrong staff id or PIN, or the id is locked for now.</source>
        <translation>Maling staff id o PIN, o naka-lock muna ang id.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="284"/>
        <source>Welcome! What would you like to do?</source>
        <translation>Maligayang pagdating! Ano ang gusto mong gawin?</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="295"/>
        <source>Type or scan your order number, UID or the waybill number of your parcel.</source>
        <translation>I-type o i-scan ang iyong order number, UID o ang waybill number ng iyong parsela.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="296"/>
        <source>Next</source>
        <translation>Susunod</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="297"/>
        <source>Print my slip</source>
        <translation>I-print ang aking slip</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="291"/>
        <source>Done</source>
        <translation>Tapos na</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="236"/>
        <source>Contrast</source>
        <translation>Contrast</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="237"/>
        <source>Larger</source>
        <translation>Mas malaki</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="238"/>
        <source>High contrast</source>
        <translation>Mataas na contrast</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="239"/>
        <source>Larger text</source>
        <translation>Mas malaking letra</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="265"/>
        <source>Shows the kiosk in Filipino.</source>
        <translation>Ipinapakita ang kiosk sa Filipino.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="266"/>
        <source>Shows the kiosk in English.</source>
        <translation>Ipinapakita ang kiosk sa Ingles.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="267"/>
        <source>For store staff: leave the kiosk with a staff id and PIN.</source>
        <translation>Para sa kawani ng tindahan: umalis sa kiosk gamit ang staff id at PIN.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="268"/>
        <source>White and yellow on black, for easier reading. Press again for the usual colours.</source>
        <translation>Puti at dilaw sa itim, para mas madaling basahin. Pindutin muli para sa karaniwang kulay.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="270"/>
        <source>Makes all text larger. Press again for the usual size.</source>
        <translation>Pinalalaki ang lahat ng letra. Pindutin muli para sa karaniwang laki.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="271"/>
        <source>Start a return and get a RETURN CODE slip to hand in at the counter.</source>
        <translation>Magsimula ng pagbabalik at kumuha ng slip na may RETURN CODE na iaabot sa counter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="272"/>
        <source>See where your parcel is, with its tracking number.</source>
        <translation>Alamin kung nasaan ang iyong parsela gamit ang tracking number nito.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="273"/>
        <source>Keeps what you typed; otherwise the kiosk starts over for the next customer.</source>
        <translation>Itinatago ang iyong tinype; kung hindi, magsisimula muli ang kiosk para sa susunod na customer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="275"/>
        <location filename="../../app/ui/kiosk_window.py" line="276"/>
        <location filename="../../app/ui/kiosk_window.py" line="309"/>
        <source>Clears what you typed and goes back to the start screen.</source>
        <translation>Binubura ang iyong tinype at bumabalik sa simula.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="277"/>
        <source>Looks up what you typed.</source>
        <translation>Hinahanap ang iyong tinype.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="278"/>
        <source>Checks the staff id and PIN, then closes the kiosk.</source>
        <translation>Sinusuri ang staff id at PIN, saka isinasara ang kiosk.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="288"/>
        <source>Still there?</source>
        <translation>Nandiyan ka pa ba?</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="290"/>
        <source>Your RETURN CODE</source>
        <translation>Ang iyong RETURN CODE</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="292"/>
        <source>Finishes, for the next customer.</source>
        <translation>Tapos na, para sa susunod na customer.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="298"/>
        <source>Cancel</source>
        <translation>Kanselahin</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="299"/>
        <source>Prints the slip with your RETURN CODE.</source>
        <translation>Ipi-print ang slip na may iyong RETURN CODE.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="300"/>
        <source>Cancels the return; nothing is printed.</source>
        <translation>Kinakansela ang pagbabalik; walang ipi-print.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="303"/>
        <source>Type or scan your tracking number (17 digits). For several, put a space between them.</source>
        <translation>I-type o i-scan ang iyong tracking number (17 digit). Kung marami, lagyan ng espasyo sa pagitan.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="305"/>
        <source>Track</source>
        <translation>I-track</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="306"/>
        <source>Track another</source>
        <translation>Mag-track ng iba pa</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="308"/>
        <source>Tracks another parcel.</source>
        <translation>Mag-track ng ibang parsela.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="316"/>
        <source>Please type your order number, UID or waybill number (at least 3 letters or digits).</source>
        <translation>Pakitype ang iyong order number, UID o waybill number (hindi bababa sa 3 titik o digit).</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="318"/>
        <source>We found no return for this number. The seller must register the return first: please contact the seller.</source>
        <translation>Walang nakitang pagbabalik para sa numerong ito. Kailangan munang irehistro ng nagbebenta ang pagbabalik: pakikontak ang nagbebenta.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="320"/>
        <source>The time to return this item has passed. Please contact the seller.</source>
        <translation>Lumipas na ang panahon para ibalik ang item na ito. Pakikontak ang nagbebenta.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="321"/>
        <source>This return was already handed in. It cannot be used again.</source>
        <translation>Naibigay na ang pagbabalik na ito. Hindi na ito magagamit muli.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="322"/>
        <source>This return was started at another store. Please bring the item to that store.</source>
        <translation>Sinimulan ang pagbabalik na ito sa ibang tindahan. Pakidala ang item sa tindahang iyon.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="324"/>
        <source>Please check {number}: a tracking number has 17 digits.</source>
        <translation>Pakisuri ang {number}: may 17 digit ang tracking number.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="325"/>
        <source>the number</source>
        <translation>ang numero</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="326"/>
        <source>Please check {number}: one of its digits is mistyped.</source>
        <translation>Pakisuri ang {number}: may isang digit na mali ang pagkaka-type.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="328"/>
        <source>Please track at most 5 parcels at a time.</source>
        <translation>Hanggang 5 parsela lamang ang maita-track nang sabay-sabay.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="329"/>
        <source>We cannot reach the central system right now. Please try again in a few minutes, or ask at the counter.</source>
        <translation>Hindi maabot ang central system sa ngayon. Pakisubukang muli makalipas ang ilang minuto, o magtanong sa counter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="331"/>
        <source>Something went wrong. Please ask at the counter.</source>
        <translation>May nagkaproblema. Pakitanong sa counter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="336"/>
        <source>Order placed</source>
        <translation>Nailagay ang order</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="337"/>
        <source>Sent by the seller</source>
        <translation>Ipinadala na ng nagbebenta</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="338"/>
        <source>On the way</source>
        <translation>Papunta na</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="339"/>
        <source>Out for delivery</source>
        <translation>Ihahatid na ngayon</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="340"/>
        <source>Delivery did not happen</source>
        <translation>Hindi natuloy ang paghahatid</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="341"/>
        <source>Delivered</source>
        <translation>Naihatid na</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="342"/>
        <source>Going back to the seller</source>
        <translation>Ibinabalik sa nagbebenta</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="343"/>
        <source>Lost: please contact the seller</source>
        <translation>Nawala: pakikontak ang nagbebenta</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="344"/>
        <source>Damaged: please contact the seller</source>
        <translation>Nasira: pakikontak ang nagbebenta</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="349"/>
        <source>a problem on the way</source>
        <translation>may problema sa daan</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="350"/>
        <source>nobody was there to receive it</source>
        <translation>walang tumanggap nito</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="351"/>
        <source>it was refused at the door</source>
        <translation>tinanggihan ito sa pintuan</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="352"/>
        <source>the delivery was moved to another day</source>
        <translation>inilipat sa ibang araw ang paghahatid</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="353"/>
        <source>the courier did not get to it</source>
        <translation>hindi ito naabot ng courier</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="354"/>
        <source>the courier could not reach you by phone</source>
        <translation>hindi ka makontak ng courier sa telepono</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="355"/>
        <source>there is a problem with the address</source>
        <translation>may problema sa address</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="356"/>
        <source>there is a problem with the payment</source>
        <translation>may problema sa bayad</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="357"/>
        <source>the address is outside the delivery area</source>
        <translation>nasa labas ng lugar ng paghahatid ang address</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="358"/>
        <source>the order was cancelled</source>
        <translation>kinansela ang order</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="359"/>
        <source>it is waiting for you to collect it</source>
        <translation>naghihintay itong kunin mo</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="360"/>
        <source>it was held by the customer</source>
        <translation>hinawakan ito ng customer</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="364"/>
        <source>1. Pack the item with this slip.</source>
        <translation>1. I-empake ang item kasama ang slip na ito.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="365"/>
        <source>2. Hand the item and this slip to the counter.</source>
        <translation>2. Ibigay ang item at ang slip na ito sa counter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="366"/>
        <source>3. Do it by %1. After that, this code no longer works.</source>
        <translation>3. Gawin ito bago matapos ang %1. Pagkatapos nito, hindi na gagana ang code.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="436"/>
        <source>Item: %1
</source>
        <translation>Item: %1
</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="437"/>
        <source>Seller: %1
Order: %2
Return by: %3

Return this item? Your slip with the RETURN CODE will print.</source>
        <translation>Nagbebenta: %1
Order: %2
Ibalik bago: %3

Ibabalik ang item na ito? Ipi-print ang iyong slip na may RETURN CODE.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="456"/>
        <source>You started this return before: this is the same RETURN CODE, and a copy of your slip is printing. Bring the item and the slip to the counter by %1.</source>
        <translation>Nasimulan mo na ang return na ito: ito rin ang RETURN CODE, at nagpi-print ang kopya ng iyong slip. Dalhin ang item at ang slip sa counter bago matapos ang %1.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="460"/>
        <source>Your slip is printing. Bring the item and the slip to the counter by %1. The code works once.</source>
        <translation>Nagpi-print na ang iyong slip. Dalhin ang item at ang slip sa counter bago matapos ang %1. Isang beses lang gagana ang code.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="472"/>
        <source>%1: we have no parcel with this number.</source>
        <translation>%1: walang parsela na may ganitong numero.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="473"/>
        <source>Ready for you at store %1. Bring your CLAIM CODE.</source>
        <translation>Handa na para sa iyo sa tindahan %1. Dalhin ang iyong CLAIM CODE.</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="483"/>
        <source> (because %1)</source>
        <translation> (dahil %1)</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_window.py" line="503"/>
        <source>The PIN could not be checked. Please try again.</source>
        <translation>Hindi masuri ang PIN. Pakisubukang muli.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ui/kiosk_window.py" line="526"/>
        <source>Touch the button to continue. Starting over in %n…</source>
        <translation>
            <numerusform>Pindutin ang button para magpatuloy. Magsisimula muli sa %n…</numerusform>
            <numerusform>Pindutin ang button para magpatuloy. Magsisimula muli sa %n…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../../app/ui/keypad.py" line="46"/>
        <source>Space</source>
        <translation>Espasyo</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad.py" line="47"/>
        <source>Delete</source>
        <translation>Burahin</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad.py" line="48"/>
        <source>Clear</source>
        <translation>Linisin</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad.py" line="50"/>
        <source>Types this character.</source>
        <translation>Tina-type ang karakter na ito.</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad.py" line="51"/>
        <source>Types a space.</source>
        <translation>Nagta-type ng espasyo.</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad.py" line="52"/>
        <source>Deletes the last character.</source>
        <translation>Binubura ang huling karakter.</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad.py" line="53"/>
        <source>Clears the whole field.</source>
        <translation>Binubura ang buong field.</translation>
    </message>
</context>
</TS>
