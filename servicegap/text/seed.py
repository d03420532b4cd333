"""The engine's written training comments (docs/text.md "Training and test data"): short customer
comments of every kind, dimension and sentiment, written for this purpose by the engine's author and
labelled by him when written. They are NOT the test set (tests/data/text/comments.csv) and share no
comment with it, nor with any evaluation set.

One line each: sentiment (n negative, 0 neutral, p positive), kind (c compliment, x complaint,
s suggestion, q question), dimension (pe people, pr process, pd product), then the comment.
"""

from __future__ import annotations

_S = {"n": "negative", "0": "neutral", "p": "positive"}
_K = {"c": "compliment", "x": "complaint", "s": "suggestion", "q": "question"}
_D = {"pe": "people", "pr": "process", "pd": "product"}

_LINES = """
p c pe | The salesman was wonderful and explained every option patiently.
p c pe | Maria at the front desk went out of her way to help us.
p c pe | Really friendly staff, they made us feel welcome from the start.
p c pe | The technician was polite, tidy and knew exactly what he was doing.
p c pe | Huge thanks to the nurse who stayed calm and kind all night.
p c pe | Our waiter was attentive without being pushy. Great evening.
p c pe | The advisor listened to me and actually solved my problem.
p c pe | Such a helpful team, nothing was too much trouble.
p c pe | The driver was early, cheerful and carried everything inside.
p c pe | Tom on the phone was patient with my endless questions, thank you!
p c pe | The receptionist remembered my name, a lovely touch.
p c pe | Excellent mechanic, honest about what needed doing and what didn't.
p c pe | The manager apologised in person and sorted it out on the spot.
p c pe | Kind, knowledgeable people. I will be back.
p c pe | The consultant gave me clear advice and no hard sell.
p c pe | Brilliant support agent, she fixed it in five minutes.
p c pr | Booking online took two minutes and the reminder text was handy.
p c pr | The refund arrived the next day, very smooth.
p c pr | Checkout was quick and there was no queue at all.
p c pr | Delivery came on time and the tracking was accurate.
p c pr | The whole process was simple and clearly explained.
p c pr | Appointment started exactly on time, impressive.
p c pr | Great that they called back within the hour as promised.
p c pr | Paperwork was ready when I arrived, so it only took ten minutes.
p c pr | Returning the item was painless, label printed at home.
p c pr | The new app makes paying the bill so much easier.
p c pr | Fast service, in and out in a quarter of an hour.
p c pr | Check-in was effortless and the instructions were clear.
p c pd | The car drives beautifully and the fuel economy is better than advertised.
p c pd | Food was fresh, hot and full of flavour.
p c pd | The room was spotless and the bed very comfortable.
p c pd | Great quality for the price, the jacket still looks new.
p c pd | Love the new model, the battery lasts all day.
p c pd | The coffee here is the best in town.
p c pd | Sturdy, well designed and easy to assemble.
p c pd | Excellent value, generous portions and a good choice on the menu.
p c pd | The screen is bright and sharp, really happy with it.
p c pd | Works perfectly, exactly as described.
p c pd | Lovely fabric, fits well and washes nicely.
p c pd | The range in store is impressive, found everything I needed.
n x pe | The salesman was rude and kept looking at his phone.
n x pe | Nobody at the counter bothered to greet us.
n x pe | The agent hung up on me halfway through the call.
n x pe | Staff were arguing among themselves while customers waited.
n x pe | The receptionist was dismissive and made me feel stupid.
n x pe | The waiter forgot our order twice and never apologised.
n x pe | The engineer left a mess and did not explain anything.
n x pe | Unhelpful and condescending staff, never again.
n x pe | He promised to call me back and never did.
n x pe | The manager refused to listen and blamed me.
n x pe | The driver was aggressive and blocked our drive.
n x pe | She clearly had no idea about the product she was selling.
n x pe | Your advisor gave me wrong information about the contract.
n x pe | The nurse was abrupt and ignored my questions.
n x pr | Waited two hours past my appointment time.
n x pr | The paperwork took forever and they lost my forms.
n x pr | Still waiting for my refund after six weeks.
n x pr | On hold for forty minutes before anyone answered.
n x pr | Delivery was three days late and nobody told us.
n x pr | The website kept crashing at checkout.
n x pr | I was charged twice and it took a month to fix.
n x pr | Booking system is a mess, my appointment was cancelled without notice.
n x pr | Nobody called me back.
n x pr | The queue at the tills was out of the door.
n x pr | I had to explain the same problem to five different people.
n x pr | The invoice was wrong again this month.
n x pr | Parking is impossible and the signs are confusing.
n x pr | My complaint was ignored for three weeks.
n x pd | The car broke down a week after I collected it.
n x pd | Food was cold and the chips were soggy.
n x pd | The room smelled of smoke and the shower was broken.
n x pd | Poor quality, the handle snapped on day one.
n x pd | Battery dies after two hours, really disappointed.
n x pd | Overpriced for what you get.
n x pd | The coffee was bitter and lukewarm.
n x pd | Item arrived damaged and missing parts.
n x pd | The seats are uncomfortable and the tables were sticky.
n x pd | The screen cracked on its own, terrible build quality.
n x pd | The product stopped working after a month.
n x pd | Half the menu was unavailable and the portions were tiny.
0 s pr | It would be nice to get a text when the car is ready.
0 s pr | Please add an option to book evening appointments online.
0 s pr | You should send the paperwork by e-mail before the visit.
0 s pr | Maybe open another till at lunchtime.
0 s pr | Could you show the waiting time on the screen?
0 s pr | Consider letting us pay by card at the door.
0 s pr | A reminder the day before would help.
0 s pr | Next time please tell customers about delays in advance.
0 s pe | It would help if staff wore name badges.
0 s pe | Perhaps train the new starters on the returns policy.
0 s pe | Please have someone at the desk during lunch.
0 s pe | The team could introduce themselves at the start.
0 s pd | Please bring back the vegetarian option.
0 s pd | Would be great to have a bigger size range.
0 s pd | You should stock the spare parts in store.
0 s pd | Offer decaf as well, please.
0 s pd | A longer charging cable would make the device more useful.
p s pe | Lovely staff, maybe add one more person on Saturdays so they are less rushed.
p s pd | Great food, but a kids menu would make it perfect.
p s pr | Smooth process overall, an online form would make it even better.
n s pr | The wait was far too long, you should add more appointment slots.
n s pd | Terrible chairs, please replace them with something comfortable.
n s pe | The staff were lost, you should train them properly.
0 q pr | What time do you open on Sundays?
0 q pr | How long does a refund usually take?
0 q pr | Can I change my appointment online?
0 q pr | Is there parking near the branch?
0 q pr | When will my order be delivered?
0 q pr | Do I need to bring any documents to the appointment?
0 q pr | Who do I contact about my invoice?
0 q pd | Does the model come in blue?
0 q pd | Is the warranty three or five years?
0 q pd | Do you sell replacement filters?
0 q pd | Are the meals gluten free?
0 q pd | What is the difference between the two versions?
0 q pe | Can I ask for the same advisor next time?
0 q pe | Who was the engineer who came on Tuesday?
0 q pe | Is there someone who speaks Spanish?
n q pr | Why has nobody answered my three e-mails?
n q pr | How much longer do I have to wait for my refund?
n q pd | Why does the heater keep breaking?
n q pe | Why was the receptionist so rude to my mother?
p q pd | Loved the cake, can I order a bigger one for a party?
0 x pr | The appointment was moved to Thursday without asking me.
0 x pr | I received the letter after the deadline.
0 x pd | The colour is slightly different from the picture.
0 c pr | The visit took about twenty minutes.
0 c pe | The advisor went through the contract with me.
0 c pd | The car was delivered with a full tank.
p c pe | Thanks John, you were a star.
p c pe | Priya explained the warranty brilliantly.
n x pe | Dave was rude on the phone.
p c pd | Fantastic!
n x pd | Awful.
0 c pr | OK.
0 c pr | It was fine, nothing special.
0 c pd | Average food, average prices.
0 c pe | Staff were okay.
n x pr | Not great, not terrible, but the wait was annoying.
p c pr | Not bad at all, quicker than last time.
n x pd | Not worth the money.
p c pe | Couldn't fault the team.
n x pr | I can't believe how slow this was.
0 c pr | I came in to renew my policy.
0 c pr | We went on a Tuesday morning.
0 c pd | I bought the grey one.
0 c pr | My husband dealt with the booking.
0 c pr | The branch is on the high street next to the bank.
0 c pd | It is a diesel estate car, three years old.
0 c pr | The form has four pages.
0 c pr | I visited to collect a parcel.
0 c pe | Two people were working that day.
0 c pr | The meeting is on Tuesday at ten.
0 c pr | The report was published this morning.
0 c pd | The menu changes every season.
0 c pr | The council will discuss the plan next week.
0 c pr | The company announced its results on Friday.
0 c pd | The film runs for two hours and is in French.
0 c pr | Prices are set by the head office.
0 c pe | The new manager starts in January.
0 c pd | The phone has a six inch screen and two cameras.
0 c pr | I used the online chat for this.
0 c pr | The shop moved to a new address last year.
0 c pe | Most of the staff are students.
p c pd | What a gorgeous little place, the desserts are heavenly.
p c pe | So grateful for the care my dad received, thank you all.
p c pr | Wow, that was the easiest claim I have ever made.
n x pe | Honestly the worst customer service I have ever had.
n x pr | Absolutely ridiculous, three hours for a five minute job.
n x pd | Cheap, flimsy and already falling apart. Avoid.
n x pe | Felt completely ignored, like I was a nuisance.
n x pr | Lost my booking, lost my deposit, lost my patience.
p c pe | Absolutely lovely people, made my day.
p c pd | Stunning view from the room, would stay again.
n x pd | Sadly the food has gone downhill, bland and overpriced.
p c pr | Everything went like clockwork.
n x pr | A total shambles from start to finish.
0 c pd | The price has gone up by a pound since spring.
0 c pr | They said the part will arrive next week.
0 c pr | I was told to come back on Monday.
p c pe | Cheers to the lads in the workshop, top job.
n x pe | The staff just shrugged when I asked for help.
p c pd | Brilliant little gadget, does exactly what it says.
n x pr | Missed delivery slot, no call, no apology.
0 q pr | Is it possible to get a copy of the receipt?
0 q pd | How many miles has the car done?
p c pr | The text updates were really reassuring.
n x pr | Terrible communication, I had to chase every step.
0 s pr | An e-mail confirmation would be useful.
p c pe | The whole team were superb, especially Ahmed.
n x pe | The security guard was intimidating.
0 c pe | The staff were busy with other customers.
n x pd | Mould in the bathroom and a broken window.
p c pd | Delicious, fresh and beautifully presented.
"""

TRAIN: tuple[tuple[str, str, str, str], ...] = tuple(
    (text.strip(), _S[s], _K[k], _D[d])
    for line in _LINES.strip().splitlines()
    for (s, k, d), text in [(line.split("|", 1)[0].split(), line.split("|", 1)[1])]
)
